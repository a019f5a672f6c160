# Sourced by scripts/test, scripts/demo and scripts/bench: installs the
# Debian packages scopekit builds and tests with, when they are missing.

SCOPEKIT_PACKAGES=(
	gcc make cmake pkg-config
	libxml2-dev libsqlite3-dev zlib1g-dev libssl-dev libjansson-dev
	libutf8proc-dev liblz4-dev libcriterion-dev libpcre2-dev libncurses-dev
	libyaml-dev libcurl4-openssl-dev liblinear-dev
	sqlite3 libxml2-utils
	tmux
)

install_missing_packages() {
	local missing=() p
	for p in "${SCOPEKIT_PACKAGES[@]}" "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q 'install ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		echo "scopekit needs these Debian packages: ${missing[*]}" >&2
		echo "install them as root: apt-get install ${missing[*]}" >&2
		return 1
	fi
	echo "Installing ${missing[*]}" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}
