#!/bin/sh
# Install a standalone build for the current user: the program, its menu entry and its icons.
#   packaging/install-linux.sh [BUILT_FOLDER]     (default: dist/ideogram-studio)
# PREFIX (default ~/.local) decides where: PREFIX/lib/ideogram-studio, PREFIX/bin,
# PREFIX/share/applications and PREFIX/share/icons. Run it again to update; remove those to uninstall.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
built=$(cd "${1:-$here/../dist/ideogram-studio}" && pwd)
prefix=${PREFIX:-$HOME/.local}
resources="$built/_internal/resources"
if [ ! -x "$built/ideogram-studio" ] || [ ! -d "$resources" ]; then
    echo "No standalone build in $built: run 'make package' first." >&2
    exit 2
fi
target="$prefix/lib/ideogram-studio"
rm -rf "$target"
mkdir -p "$target" "$prefix/bin" "$prefix/share/applications" "$prefix/share/icons"
cp -R "$built/." "$target/"
ln -sf "$target/ideogram-studio" "$prefix/bin/ideogram-studio"
sed -e "s|^Exec=.*|Exec=$target/ideogram-studio %f|" \
    -e "s|^TryExec=.*|TryExec=$target/ideogram-studio|" \
    "$resources/ideogram-studio.desktop" > "$prefix/share/applications/ideogram-studio.desktop"
cp -R "$resources/icons/hicolor" "$prefix/share/icons/"
# Let the menu and the icon theme notice now rather than at the next login (where the tools exist).
command -v update-desktop-database >/dev/null && update-desktop-database -q "$prefix/share/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$prefix/share/icons/hicolor" || true
echo "Installed Ideogram Studio in $target; it is in the applications menu as Ideogram Studio."
