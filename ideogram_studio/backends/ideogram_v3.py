"""Ideogram 3.0 inpaint (`POST /v1/ideogram-v3/inpaint`, a relay's
`/ideogram/v1/ideogram-v3/edit`) as one module: what it uploads, by its own field names.

It answers as the legacy edit does (`created`, `data[]`), so the legacy module's backend sends
it and reads its answer; only the upload differs: the photo as `image` (not `image_file`),
`magic_prompt` (not `magic_prompt_option`), no `model`, repeated parts for style codes and
style references, the palette as JSON text, and the reference files (references.py).
"""

from __future__ import annotations

import json
from dataclasses import replace

from ideogram_studio.backends.http import Multipart
from ideogram_studio.backends.legacy_edit import LegacyEditApi
from ideogram_studio.backends.options import EditApiId, EditOptions, api_title
from ideogram_studio.backends.references import reference_parts
from ideogram_studio.backends.request import EditRequest, Upload, prepare_upload

ID = str(EditApiId.V3)


def form_fields(options: EditOptions) -> list[tuple[str, str]]:
    """The text parts, in order; a field sent several times is several pairs. Options left
    unset are omitted, never sent empty."""
    fields = [("prompt", options.prompt.strip())]
    if options.magic_prompt is not None:
        fields.append(("magic_prompt", str(options.magic_prompt)))
    if options.num_images != 1:
        fields.append(("num_images", str(options.num_images)))
    if options.seed is not None:
        fields.append(("seed", str(options.seed)))
    if options.speed is not None:
        fields.append(("rendering_speed", str(options.speed)))
    if options.style_type is not None:
        fields.append(("style_type", str(options.style_type)))
    fields += [("style_codes", code) for code in options.style_codes]
    if options.palette is not None:
        fields.append(("color_palette", json.dumps(options.palette.to_json())))
    return fields


class IdeogramV3Api(LegacyEditApi):
    """The module's face for the registry; the legacy backend sends it (same answer)."""

    id = ID

    @property
    def title(self) -> str:
        return api_title(EditApiId.V3)

    def refused_model(self, options: EditOptions) -> str:
        return self.title  # there is no model field: a 403 refuses the API itself

    def prepare(self, request: EditRequest) -> Upload:
        # The photo and its mask as the legacy edit sends them (black = edit, same size),
        # then the reference files, read here: on the worker thread, just before sending.
        upload = prepare_upload(request)
        return replace(upload, extra_files=reference_parts(request.options))

    def multipart(self, request: EditRequest, upload: Upload) -> Multipart:
        files = [
            ("image", (upload.image_name, upload.image_bytes, upload.image_type)),
            ("mask", ("mask.png", upload.mask_png, "image/png")),
            *upload.extra_files,
        ]
        return Multipart(form_fields(request.options), files)


API = IdeogramV3Api()
