"""The Ray engine (``--engine ray``): the same pipeline, spread over a Ray cluster.

On a laptop the local engine is as fast or faster (measured in the stack notes: Ray 23–27
docs/s against 28–29 for two local processes); Ray is for clusters. Needs ``polemos[scale]``.
"""
from __future__ import annotations

from polemos.errors import PolemosError


def require_ray() -> None:
    try:
        import ray  # noqa: F401
    except ImportError:
        raise PolemosError("--engine ray needs Ray: run `pip install 'polemos[scale]'`, "
                           "or use the default --engine local") from None
    raise PolemosError("--engine ray is not available in this release; use --engine local "
                       "(the same pipeline over --jobs processes)")
