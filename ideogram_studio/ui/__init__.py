"""Widgets only: they call the layers below and never build requests themselves."""
