"""One module per `zone-game` sub-command, each with `add_arguments` and `run`.

Every sub-command imports this package before it runs, so the process's text streams are
made safe here, once, for all of them (see `textstreams`): before this, a terminal whose
encoding is not UTF-8 turned the first dash or curly quote into an internal error.
"""

from zone_game.textstreams import tolerate_narrow_encodings

tolerate_narrow_encodings()
