"""zone-game: a deterministic, YAML-driven text adventure engine."""

__version__ = "0.1.0"
