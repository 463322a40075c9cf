"""``python -m kg``: the ``kg`` command, for environments without the console script on PATH."""

from .cli import run

# guarded: a worker process started by spawn imports this module again, and must not run the CLI
if __name__ == "__main__":
    run()
