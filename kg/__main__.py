"""``python -m kg``: the ``kg`` command, for environments without the console script on PATH."""

from .cli import run

run()
