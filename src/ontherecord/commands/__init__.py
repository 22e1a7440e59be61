"""CLI subcommands: every module here that defines a ``command`` (a click.Command) is registered."""
