"""What the oldest supported Python (3.10) lacks, taken from typing_extensions there."""

import sys

if sys.version_info >= (3, 11):
    from typing import assert_never
else:  # pragma: no cover - exercised on Python 3.10 only
    from typing_extensions import assert_never

__all__ = ["assert_never"]
