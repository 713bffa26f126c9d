"""Ideogram Studio: paint a mask on a photo, describe the change, compare what Ideogram returns."""

__version__ = "0.1.0"
