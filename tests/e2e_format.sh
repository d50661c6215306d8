#!/bin/sh
# tests/e2e_format.sh - every C source and header follows .clang-format.
# clang-format --dry-run --Werror lists what it would change; a file it
# would change fails. The check is first shown to fail on a misformatted
# copy, so that a clang-format that checks nothing cannot pass it.
. tests/tap.sh
if ! command -v clang-format >/dev/null 2>&1; then
    notok "clang-format is installed (make deps installs it)"
    echo "1..$n"
    exit 1
fi
printf 'int  f( void ){return 1;}\n' >"$T/bad.c"
cp .clang-format "$T/.clang-format"
if (cd "$T" && clang-format --dry-run --Werror bad.c) >/dev/null 2>&1; then
    notok "clang-format --dry-run --Werror fails on a misformatted file"
else
    ok "clang-format --dry-run --Werror fails on a misformatted file"
fi
bad=0
for f in $(git ls-files '*.c' '*.h' 2>/dev/null || find models analysis sim tests -name '*.[ch]'); do
    if ! clang-format --dry-run --Werror "$f" >"$T/log" 2>&1; then
        notok "$f follows .clang-format (make format rewrites it)" "$T/log"
        bad=1
    fi
done
[ $bad -eq 0 ] && ok "every C file follows .clang-format"
echo "1..$n"
