#!/bin/sh
# Seeds corpus/spec with the committed specs: each service file, a NUL byte, one of its operation
# files (the layout the `spec` target splits), and each invalid test case beside its service file.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out="$here/corpus/spec"
mkdir -p "$out"
for service in "$root"/specs/*/*/service.yaml; do
    dir=$(dirname "$service")
    for operation in "$dir"/operations/*.yaml; do
        name="$(basename "$dir")-$(basename "$operation" .yaml)"
        { cat "$service"; printf '\0'; cat "$operation"; } > "$out/$name"
    done
done
invalid="$root/generator/tests/invalid"
for case in "$invalid"/*.yaml; do
    [ "$(basename "$case")" = service.yaml ] && continue
    { cat "$invalid/service.yaml"; printf '\0'; cat "$case"; } > "$out/invalid-$(basename "$case" .yaml)"
done
