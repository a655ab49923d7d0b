"""One module per `zone-game` sub-command, each with `add_arguments` and `run`."""
