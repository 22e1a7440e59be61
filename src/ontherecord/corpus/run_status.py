"""Whether a run is still going: the host and process that started it, and the runs a killed process left ``running``."""

from __future__ import annotations

import os
import socket

from .dialect import Database

THIS_HOST = socket.gethostname()


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def run_status(row: dict) -> str:
    """A run's status as it stands: ``interrupted`` for a ``running`` run of this host whose
    process is gone (killed, the machine restarted); another host's running run is left as it is."""
    if row.get("status") == "running" and row.get("host") == THIS_HOST and row.get("pid"):
        if not process_alive(int(row["pid"])):
            return "interrupted"
    return row.get("status") or "running"


def mark_interrupted(db: Database) -> list[int]:
    """Mark this host's stale ``running`` runs ``interrupted``; returns their ids."""
    rows = db.rows("SELECT id, status, host, pid FROM runs WHERE status = 'running' AND host = ?",
                         (THIS_HOST,))
    stale = [row["id"] for row in rows if run_status(row) == "interrupted"]
    with db.transaction():
        for run_id in stale:
            db.execute("UPDATE runs SET status = 'interrupted' WHERE id = ?", (run_id,))
    return stale
