"""``python -m reviewer.cli``."""
from reviewer.cli.main import console

console()
