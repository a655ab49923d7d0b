"""`python -m zone_game` is the same as the `zone-game` command."""

from zone_game.cli import main

raise SystemExit(main())
