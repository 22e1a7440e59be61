"""``python -m ontherecord``: the same command line as the ``ontherecord`` script."""

from .cli import main

if __name__ == "__main__":
    main()
