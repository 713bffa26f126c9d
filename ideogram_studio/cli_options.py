"""The `edit` command's options for either edit API: the flags, and the one frozen
`EditOptions` they make. A flag of the other API given by mistake is refused with a sentence
(exit 2) rather than silently ignored: `--speed` with the legacy edit, `--model` with 3.0.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from ideogram_studio.backends.options import (
    STYLES_FOR,
    EditApiId,
    EditOptions,
    MagicPrompt,
    Model,
    Palette,
    RenderingSpeed,
    RequestError,
    StyleType,
)

# Flags that only one API takes: argparse's dest -> the flag as typed.
LEGACY_ONLY = {"model": "--model"}
V3_ONLY = {
    "speed": "--speed",
    "style_codes": "--style-code",
    "style_refs": "--style-ref",
    "palette": "--palette",
    "character_ref": "--character-ref",
    "character_mask": "--character-mask",
}


def add_option_arguments(parser: argparse.ArgumentParser) -> None:
    """The flags that choose the API and what it is asked for."""
    parser.add_argument(
        "--api",
        choices=[api.value for api in EditApiId],
        default=EditApiId.LEGACY.value,
        help="edit: the legacy edit with models V_2 and V_2_TURBO (default); "
        "v3: Ideogram 3.0 inpaint",
    )
    parser.add_argument(
        "--model",
        choices=[m.value for m in Model],
        help=f"legacy edit only (default {Model.V_2.value})",
    )
    parser.add_argument("--magic-prompt", choices=[m.value for m in MagicPrompt])
    parser.add_argument(
        "--style-type",
        choices=[s.value for s in StyleType],
        help="legacy edit: {}; Ideogram 3.0: {}".format(
            ", ".join(STYLES_FOR[EditApiId.LEGACY]), ", ".join(STYLES_FOR[EditApiId.V3])
        ),
    )
    parser.add_argument("--seed", type=int, help="0 to 2147483647; random when left out")
    parser.add_argument("--num-images", type=int, default=1, help="1 to 8")
    v3 = parser.add_argument_group("Ideogram 3.0 (--api v3)")
    v3.add_argument(
        "--speed",
        choices=[s.value for s in RenderingSpeed],
        help="rendering speed (default DEFAULT)",
    )
    v3.add_argument(
        "--style-code",
        dest="style_codes",
        action="append",
        metavar="HEX",
        help="a style code of 8 hex digits; repeat for several (not with --style-type or "
        "--style-ref)",
    )
    v3.add_argument(
        "--style-ref",
        dest="style_refs",
        action="append",
        type=Path,
        metavar="FILE",
        help="a style reference image; repeat for several (10 MB in total)",
    )
    v3.add_argument(
        "--palette",
        metavar="PALETTE",
        help="a preset name (PASTEL, EMBER…) or colours like '#b470b3:0.5,#2a9d8f' "
        "(a colour without a weight sends none)",
    )
    v3.add_argument(
        "--character-ref",
        type=Path,
        metavar="FILE",
        help="a character reference image (needs --style-type)",
    )
    v3.add_argument(
        "--character-mask",
        type=Path,
        metavar="FILE",
        help="the character reference's mask, the same size as it",
    )
    parser.add_argument(
        "--api-path",
        metavar="PATH",
        help="the chosen API's path relative to the base URL (e.g. /v1/ideogram-v3/inpaint); "
        "overrides the provider's",
    )


def options_from(args: argparse.Namespace) -> EditOptions:
    """The options the flags ask for (the region is the caller's: it needs the photo's size).
    RequestError with one sentence for a flag the chosen API does not take."""
    api = EditApiId(args.api)
    others, owner = (V3_ONLY, "Ideogram 3.0 (--api v3)")
    if api is EditApiId.V3:
        others, owner = (LEGACY_ONLY, "the legacy edit (--api edit)")
    given = [flag for dest, flag in others.items() if getattr(args, dest) is not None]
    if given:
        raise RequestError(
            f"{' and '.join(given)} {'belongs' if len(given) == 1 else 'belong'} to {owner}, "
            f"not to the API chosen (--api {api.value})."
        )
    style = StyleType(args.style_type) if args.style_type else None
    if style is not None and style not in STYLES_FOR[api]:
        names = ", ".join(STYLES_FOR[api])
        title = "Ideogram 3.0" if api is EditApiId.V3 else "the legacy edit"
        raise RequestError(
            f"--style-type {style.value} is not offered by {title}: choose one of {names}."
        )
    if args.api_path is not None and (not args.api_path.strip() or "://" in args.api_path):
        raise RequestError(
            "--api-path is a path relative to the base URL (like /v1/ideogram-v3/inpaint), "
            "not a whole address."
        )
    options = EditOptions(
        prompt=args.prompt,
        api=api,
        magic_prompt=MagicPrompt(args.magic_prompt) if args.magic_prompt else None,
        style_type=style,
        seed=args.seed,
        num_images=args.num_images,
    )
    if api is EditApiId.LEGACY:
        return replace(options, model=Model(args.model or Model.V_2.value))
    return replace(
        options,
        speed=RenderingSpeed(args.speed) if args.speed else None,
        style_codes=tuple(args.style_codes or ()),
        style_refs=tuple(_absolute(path) for path in args.style_refs or ()),
        palette=Palette.parse(args.palette) if args.palette is not None else None,
        character_ref=_absolute(args.character_ref),
        character_mask=_absolute(args.character_mask),
    )


def api_paths(args: argparse.Namespace) -> dict[str, str]:
    """The provider paths the flags set: `--api-path` is the chosen API's."""
    return {args.api: args.api_path.strip()} if args.api_path else {}


def _absolute(path: Path | None) -> str | None:
    """As the history keeps it: the window restores the job from another folder."""
    return None if path is None else str(path.absolute())
