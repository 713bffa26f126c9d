"""Widgets only: they show the editing document (model) and call it; they never build
requests themselves."""
