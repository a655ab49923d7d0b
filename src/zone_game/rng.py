"""The engine's own random numbers: splitmix64 over (seed, stream, position).

Python's `random` promises no stable sequence for `choice`/`shuffle` across versions; a
replay must survive an interpreter upgrade, so every random decision comes from here.
Streams are named (e.g. `hazard:anomaly_meadow`): each name hashes to its own sequence, so
adding a random element to a world does not reshuffle the others.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

MASK64 = (1 << 64) - 1


def splitmix64(value: int) -> int:
    """One splitmix64 output for a 64-bit input (Steele, Lea & Flood, 2014)."""
    z = (value + 0x9E3779B97F4A7C15) & MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return z ^ (z >> 31)


@lru_cache(maxsize=4096)
def stream_key(name: str) -> int:
    """A stable 64-bit key for a stream name (not Python's salted `hash`)."""
    return int.from_bytes(hashlib.blake2b(name.encode("utf-8"), digest_size=8).digest(), "big")


def below(seed: int, stream: str, position: int, bound: int) -> int:
    """A number in [0, bound) (rejection sampling, so every value is equally likely)."""
    return _below(_key(seed, stream), position, bound)


def sample(seed: int, stream: str, population: tuple[str, ...], count: int) -> tuple[str, ...]:
    """`count` distinct members of `population`, in the population's order."""
    key = _key(seed, stream)  # once for all the draws: every run deals every hazard
    if count == 1 and population:
        return (population[_below(key, 0, len(population))],)
    pool = list(population)
    chosen: list[str] = []
    for index in range(min(count, len(pool))):
        chosen.append(pool.pop(_below(key, index, len(pool))))
    order = {member: i for i, member in enumerate(population)}
    return tuple(sorted(chosen, key=order.__getitem__))


def _key(seed: int, stream: str) -> int:
    return (seed & MASK64) ^ stream_key(stream)


def _below(key: int, position: int, bound: int) -> int:
    """`below` for a stream already keyed (`_key`): its numbers at `position` * 1,000,003
    + attempt are drawn until one falls under the largest multiple of `bound`."""
    if bound <= 0:
        raise ValueError("bound must be positive")
    limit = MASK64 - (MASK64 + 1) % bound
    attempt = 0
    while True:
        value = splitmix64(key ^ splitmix64(position * 1_000_003 + attempt))
        if value <= limit:
            return value % bound
        attempt += 1


SEEDS = "a whole number from 0 to 18446744073709551615"


def is_seed(value: int) -> bool:
    """Whether `value` is a seed: the generator reads 64 bits, so a larger or negative
    number would silently give the same run as another one."""
    return 0 <= value <= MASK64


def new_seed_from(entropy: bytes) -> int:
    """A seed a player can read and type: 1 to 999,999, from outside entropy."""
    return int.from_bytes(hashlib.blake2b(entropy, digest_size=8).digest(), "big") % 999_999 + 1
