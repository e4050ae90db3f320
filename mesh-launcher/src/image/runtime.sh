#!/usr/bin/env bash
# Lays out the root file system the container image is built on, from the JDK that runs the build:
# no base image is pulled, so the image builds without a registry or a Docker daemon.
#   runtime.sh JAVA_HOME OUT MODULES
# OUT/opt/java   a Java runtime made by jlink with MODULES (comma separated)
# OUT/lib*, OUT/usr/lib*   the shared libraries that runtime links to (its ldd closure, glibc included)
#                and glibc's compatibility libraries
# OUT/etc        passwd and group naming the image's user (10001), nsswitch.conf
# OUT/tmp        the one writable directory a read-only root needs (Kubernetes mounts an emptyDir there)
set -euo pipefail
java_home=$1
out=$2
modules=$3
rm -rf "$out" "$out.jre"
mkdir -p "$out/opt" "$out/etc" "$out/tmp"
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --compress=2 --output "$out.jre"
# the JDK may hold symbolic links to files outside it (Debian's security files): take the files
cp -rL "$out.jre" "$out/opt/java"
rm -rf "$out.jre"

# every shared library the runtime's executables and libraries need, at the path the loader looks in
libs=$(find "$out/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) -exec ldd {} \; 2>/dev/null \
  | awk '/=> \//{print $3} /^\s*\/[^ ]*ld-linux[^ ]*/{print $1}' | sort -u)
for lib in $libs; do
  case "$lib" in "$out"/*) continue ;; esac # the runtime's own, found through its $ORIGIN run path
  mkdir -p "$out$(dirname "$lib")"
  cp -L "$lib" "$out$lib"
done

# glibc's compatibility libraries, which native code built against an older glibc still names (the
# FFmpeg that JavaCPP ships, used to push streams, needs libpthread and libdl)
libc_dir=$(dirname "$(echo "$libs" | grep '/libc\.so\.6$' | head -n 1)")
for stub in libpthread.so.0 libdl.so.2 librt.so.1; do
  [ -e "$libc_dir/$stub" ] && cp -L "$libc_dir/$stub" "$out$libc_dir/$stub"
done

cat > "$out/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
gbmesh:x:10001:10001:gbmesh:/tmp:/sbin/nologin
PASSWD
cat > "$out/etc/group" <<'GROUP'
root:x:0:
gbmesh:x:10001:
GROUP
echo 'hosts: files dns' > "$out/etc/nsswitch.conf"
echo "runtime for the image: $(du -sh "$out" | cut -f1) in $out"
