# score_data.sh (sourced): score_csv N sets $data to bench/data/score_N.csv,
# score_gen's N NPS answers, writing it first when missing. Needs here (the
# bench directory) and B (the build directory).
score_csv() {
	data=$here/data/score_$1.csv
	mkdir -p "$here/data" "$B/bench"
	[ -s "$data" ] && return 0
	${CC:-cc} -O2 -o "$B/bench/score_gen" "$here/score_gen.c" || return 1
	echo "generating $data ($1 answers)"
	"$B/bench/score_gen" "$1" > "$data.tmp" && mv "$data.tmp" "$data"
}
