"""`python -m pirsite`: the same as the `pirsite` command."""

from .cli import main

main()
