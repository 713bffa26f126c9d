"""Pure Python + numpy + Pillow + OpenCV: images, masks, undo. Never imports Qt."""
