"""The editing document and its rules: Qt's core (objects, signals, timers), never a widget."""
