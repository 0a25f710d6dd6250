-- cxjourney 0.1.0: libcxjourney's metric states as the type cxjmetric, the
-- aggregates that build and merge them, and the figures read from them.
\echo Use "CREATE EXTENSION cxjourney" to load this file. \quit

-- ---- the type ----
CREATE TYPE cxjmetric;

CREATE FUNCTION cxjmetric_in(cstring) RETURNS cxjmetric
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cxjmetric_out(cxjmetric) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cxjmetric_recv(internal) RETURNS cxjmetric
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cxjmetric_send(cxjmetric) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Stored as the library's portable state bytes; bytea's representation.
CREATE TYPE cxjmetric (
	INPUT = cxjmetric_in,
	OUTPUT = cxjmetric_out,
	RECEIVE = cxjmetric_recv,
	SEND = cxjmetric_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = int4,
	STORAGE = extended
);
COMMENT ON TYPE cxjmetric IS 'a CSAT, NPS, CES or KPI metric state of libcxjourney: exact, mergeable';

-- The state bytes, as cxj_metric_state_save() writes them and the Python
-- binding's bytes(metric) gives them; back with a check.
CREATE FUNCTION cxjmetric(bytea) RETURNS cxjmetric
	AS 'MODULE_PATHNAME', 'cxjmetric_from_bytea'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE CAST (cxjmetric AS bytea) WITHOUT FUNCTION;
CREATE CAST (bytea AS cxjmetric) WITH FUNCTION cxjmetric(bytea);

-- ---- aggregates ----
CREATE FUNCTION cxjmetric_add_csat(internal, int) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION cxjmetric_add_csat(internal, int, float8) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION cxjmetric_add_nps(internal, int) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION cxjmetric_add_nps(internal, int, float8) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION cxjmetric_add_ces(internal, int) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION cxjmetric_add_ces(internal, int, float8) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION cxjmetric_add_kpi(internal, float8) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION cxjmetric_add_kpi(internal, float8, float8) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION cxjmetric_add_state(internal, cxjmetric) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION cxjmetric_combine(internal, internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION cxjmetric_serialize(internal) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cxjmetric_deserialize(bytea, internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cxjmetric_final(internal) RETURNS cxjmetric
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Each aggregate skips NULL scores (and NULL weights) and returns NULL for
-- no rows, as avg() does. SSPACE: about the size of one library metric.
CREATE AGGREGATE csat(int) (
	SFUNC = cxjmetric_add_csat, STYPE = internal, SSPACE = 320,
	FINALFUNC = cxjmetric_final, COMBINEFUNC = cxjmetric_combine,
	SERIALFUNC = cxjmetric_serialize, DESERIALFUNC = cxjmetric_deserialize,
	PARALLEL = SAFE);
CREATE AGGREGATE csat(int, float8) (
	SFUNC = cxjmetric_add_csat, STYPE = internal, SSPACE = 320,
	FINALFUNC = cxjmetric_final, COMBINEFUNC = cxjmetric_combine,
	SERIALFUNC = cxjmetric_serialize, DESERIALFUNC = cxjmetric_deserialize,
	PARALLEL = SAFE);
CREATE AGGREGATE nps(int) (
	SFUNC = cxjmetric_add_nps, STYPE = internal, SSPACE = 320,
	FINALFUNC = cxjmetric_final, COMBINEFUNC = cxjmetric_combine,
	SERIALFUNC = cxjmetric_serialize, DESERIALFUNC = cxjmetric_deserialize,
	PARALLEL = SAFE);
CREATE AGGREGATE nps(int, float8) (
	SFUNC = cxjmetric_add_nps, STYPE = internal, SSPACE = 320,
	FINALFUNC = cxjmetric_final, COMBINEFUNC = cxjmetric_combine,
	SERIALFUNC = cxjmetric_serialize, DESERIALFUNC = cxjmetric_deserialize,
	PARALLEL = SAFE);
CREATE AGGREGATE ces(int) (
	SFUNC = cxjmetric_add_ces, STYPE = internal, SSPACE = 320,
	FINALFUNC = cxjmetric_final, COMBINEFUNC = cxjmetric_combine,
	SERIALFUNC = cxjmetric_serialize, DESERIALFUNC = cxjmetric_deserialize,
	PARALLEL = SAFE);
CREATE AGGREGATE ces(int, float8) (
	SFUNC = cxjmetric_add_ces, STYPE = internal, SSPACE = 320,
	FINALFUNC = cxjmetric_final, COMBINEFUNC = cxjmetric_combine,
	SERIALFUNC = cxjmetric_serialize, DESERIALFUNC = cxjmetric_deserialize,
	PARALLEL = SAFE);
CREATE AGGREGATE kpi(float8) (
	SFUNC = cxjmetric_add_kpi, STYPE = internal, SSPACE = 320,
	FINALFUNC = cxjmetric_final, COMBINEFUNC = cxjmetric_combine,
	SERIALFUNC = cxjmetric_serialize, DESERIALFUNC = cxjmetric_deserialize,
	PARALLEL = SAFE);
CREATE AGGREGATE kpi(float8, float8) (
	SFUNC = cxjmetric_add_kpi, STYPE = internal, SSPACE = 320,
	FINALFUNC = cxjmetric_final, COMBINEFUNC = cxjmetric_combine,
	SERIALFUNC = cxjmetric_serialize, DESERIALFUNC = cxjmetric_deserialize,
	PARALLEL = SAFE);
-- States of one kind into the state of all their answers.
CREATE AGGREGATE merge(cxjmetric) (
	SFUNC = cxjmetric_add_state, STYPE = internal, SSPACE = 320,
	FINALFUNC = cxjmetric_final, COMBINEFUNC = cxjmetric_combine,
	SERIALFUNC = cxjmetric_serialize, DESERIALFUNC = cxjmetric_deserialize,
	PARALLEL = SAFE);

-- ---- figures ----
-- NULL where the library's figure is NaN: no answers (or only weight 0),
-- or fewer than two answers for the standard error of a mean.
CREATE FUNCTION kind(cxjmetric) RETURNS text
	AS 'MODULE_PATHNAME', 'cxjmetric_kind'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION n(cxjmetric) RETURNS bigint
	AS 'MODULE_PATHNAME', 'cxjmetric_n'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION weight_sum(cxjmetric) RETURNS float8
	AS 'MODULE_PATHNAME', 'cxjmetric_weight_sum'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION effective_n(cxjmetric) RETURNS float8
	AS 'MODULE_PATHNAME', 'cxjmetric_effective_n'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION value(cxjmetric) RETURNS float8
	AS 'MODULE_PATHNAME', 'cxjmetric_value'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION std_error(cxjmetric) RETURNS float8
	AS 'MODULE_PATHNAME', 'cxjmetric_std_error'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Figures: 'value', 'mean', 'top_box'. Methods: the library's names
-- ('default', 'wilson', 'agresti-coull', 'wald', 'adjusted-wald', 't',
-- 'pooled-z', 'welch'), see cxj_metric_stats(3). NULL where the metric has
-- too few answers for the figure.
CREATE FUNCTION value(m cxjmetric, figure text, method text DEFAULT 'default')
	RETURNS float8
	AS 'MODULE_PATHNAME', 'cxjmetric_value_figure'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION std_error(m cxjmetric, figure text,
			  method text DEFAULT 'default')
	RETURNS float8
	AS 'MODULE_PATHNAME', 'cxjmetric_std_error_figure'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- The bounds of the interval at level (strictly between 0 and 1).
CREATE FUNCTION ci_low(m cxjmetric, level float8 DEFAULT 0.95)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'cxjmetric_ci_low'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ci_high(m cxjmetric, level float8 DEFAULT 0.95)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'cxjmetric_ci_high'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ci_low(m cxjmetric, level float8, figure text,
		       method text DEFAULT 'default')
	RETURNS float8
	AS 'MODULE_PATHNAME', 'cxjmetric_ci_low'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ci_high(m cxjmetric, level float8, figure text,
			method text DEFAULT 'default')
	RETURNS float8
	AS 'MODULE_PATHNAME', 'cxjmetric_ci_high'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- a against b, two-sided; df is Infinity for z tests.
CREATE FUNCTION compare(a cxjmetric, b cxjmetric,
			OUT difference float8, OUT std_error float8,
			OUT statistic float8, OUT df float8,
			OUT p_value float8)
	AS 'MODULE_PATHNAME', 'cxjmetric_compare'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION compare(a cxjmetric, b cxjmetric, figure text,
			method text DEFAULT 'default',
			OUT difference float8, OUT std_error float8,
			OUT statistic float8, OUT df float8,
			OUT p_value float8)
	AS 'MODULE_PATHNAME', 'cxjmetric_compare'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
