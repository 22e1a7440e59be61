"""Attribution engine (work in progress)."""
def attribute(doc, meta):
    return [], []
