"""Pure Python + numpy + Pillow + OpenCV: the photo, the mask and its tools, undo, regions,
files. Never imports Qt."""
