"""Our provenance in a photo's XMP packet, next to what its camera and editors wrote there."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from xml.sax.saxutils import escape

NAMESPACE = "https://github.com/ideogram-studio/ns/1.0/"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_EXIF = "http://ns.adobe.com/exif/1.0/"
# Text keys as saved in PNG chunks -> our XMP property names.
_PROPERTIES = {"parameters": "parameters", "ideogram_studio": "provenance"}
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_OURS = re.compile(
    r"<(?P<p>[\w.-]+:)?Description\b[^>]*xmlns:ideogramstudio=\""
    + re.escape(NAMESPACE)
    + r"\"[^>]*>.*?</(?P=p)Description>\s*",
    re.DOTALL,
)
_RDF_END = re.compile(r"</(?:[A-Za-z_][\w.-]*:)?RDF\s*>")
_PACKET_START = '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
_PACKET_END = '\n<?xpacket end="w"?>'


def merged_xmp(
    source: bytes | None, texts: Mapping[str, str], *, strip_location: bool = False
) -> bytes:
    """UTF-8 XMP: the source's packet with one rdf:Description of ours added (a fresh packet
    when there is none or it cannot be read); with `strip_location`, no exif:GPS* remain."""
    ours = _description(texts)
    text = _decoded(source)
    if text is not None:
        merged = _merge(text, ours, strip_location)
        if merged is not None:
            return merged.encode("utf-8")
    fresh = (
        f'{_PACKET_START}<x:xmpmeta xmlns:x="adobe:ns:meta/">\n <rdf:RDF xmlns:rdf="{_RDF}">\n'
        f"{ours} </rdf:RDF>\n</x:xmpmeta>{_PACKET_END}"
    )
    return fresh.encode("utf-8")


def _description(texts: Mapping[str, str]) -> str:
    properties = "".join(
        f"   <ideogramstudio:{name}>{escape(_NOT_XML.sub('', texts[key]))}"
        f"</ideogramstudio:{name}>\n"
        for key, name in _PROPERTIES.items()
        if texts.get(key)
    )
    return (
        f'  <rdf:Description xmlns:rdf="{_RDF}" xmlns:ideogramstudio="{NAMESPACE}" '
        f'rdf:about="">\n{properties}  </rdf:Description>\n'
    )


def _decoded(source: bytes | None) -> str | None:
    if not source:
        return None
    for encoding in ("utf-8", "utf-16"):
        try:
            text = source.decode(encoding)
        except UnicodeDecodeError:
            continue
        text = text.lstrip("\ufeff \t\r\n").rstrip("\0 \t\r\n")
        return text if "RDF" in text else None
    return None


def _merge(text: str, ours: str, strip_location: bool) -> str | None:
    text = _OURS.sub("", text)  # an earlier result's provenance: replaced, not doubled
    if strip_location:
        text = _without_gps(text)
    ends = list(_RDF_END.finditer(text))
    if not ends:
        return None
    at = ends[-1].start()
    merged = text[:at] + ours + text[at:]
    if not _valid(merged, strip_location):
        return None
    if not merged.startswith("<?xpacket"):
        merged = _PACKET_START + merged + _PACKET_END
    return merged


def _without_gps(text: str) -> str:
    prefixes = {"exif", *re.findall(r"xmlns:([\w.-]+)=[\"']" + re.escape(_EXIF), text)}
    for prefix in prefixes:
        name = re.escape(prefix) + r":GPS[\w.-]*"
        text = re.sub(rf"\s{name}\s*=\s*(\"[^\"]*\"|'[^']*')", "", text)
        text = re.sub(rf"<({name})\b[^>]*/>\s*", "", text)
        text = re.sub(rf"<({name})\b[^>]*>.*?</\1\s*>\s*", "", text, flags=re.DOTALL)
    return text


def _valid(text: str, strip_location: bool) -> bool:
    """Well-formed, ours inside, and (when asked) no GPS property left in any form."""
    try:
        root = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError:
        return False
    found = False
    for element in root.iter():
        if element.tag == f"{{{NAMESPACE}}}provenance" or element.tag == (
            f"{{{NAMESPACE}}}parameters"
        ):
            found = True
        if strip_location:
            names = [element.tag, *element.attrib]
            if any(str(name).startswith(f"{{{_EXIF}}}GPS") for name in names):
                return False
    return found or "ideogramstudio" in text
