"""reader: a bilingual Chinese reading and study assistant for the terminal."""

__version__ = "0.1.0"
