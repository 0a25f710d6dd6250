-- cxjourney: the type, the aggregates and the figures, against numbers from
-- scipy and numpy (each with the command that produced it), not against
-- our own output.
CREATE EXTENSION cxjourney;
\set VERBOSITY terse

-- SQLSTATE and message of a statement that should fail, as one row.
CREATE FUNCTION err(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE q;
	RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE || ': ' || SQLERRM;
END $$;
-- Only the SQLSTATE class ('22', 'XX', ...): for damaged states, whose
-- wording is the library's to refine.
CREATE FUNCTION err_class(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE q;
	RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
	RETURN 'error ' || left(SQLSTATE, 2);
END $$;
CREATE FUNCTION near(a float8, b float8, tol float8 DEFAULT 1e-9)
	RETURNS bool LANGUAGE SQL IMMUTABLE
	RETURN abs(a - b) <= tol * greatest(1, abs(b));

-- The man page's two teams (cxj_metric(3)), CSAT, CES and a KPI.
CREATE TABLE answers (seg text, nps int, csat int, ces int, aht float8,
		      w float8);
INSERT INTO answers (seg, nps) VALUES
	('FI', 10), ('FI', 9), ('FI', 9), ('FI', 8), ('FI', 7), ('FI', 6),
	('FI', 10), ('FI', 3), ('FI', 9), ('FI', 10), ('FI', NULL),
	('SE', 5), ('SE', 9), ('SE', 8), ('SE', 10), ('SE', 6), ('SE', 7),
	('SE', 9), ('SE', 2);
INSERT INTO answers (seg, csat) VALUES
	('FI', 5), ('FI', 4), ('FI', 4), ('FI', 3), ('FI', 1), ('FI', 5),
	('FI', 2), ('FI', 4), ('FI', 5), ('FI', 5);
INSERT INTO answers (seg, ces) VALUES
	('FI', 7), ('FI', 6), ('FI', 5), ('FI', 5), ('FI', 4), ('FI', 7),
	('FI', 3), ('FI', 6), ('SE', 2), ('SE', 3), ('SE', 5), ('SE', 4),
	('SE', 3);
INSERT INTO answers (seg, aht, w) VALUES
	('FI', 120.5, 1), ('FI', 300, 2), ('FI', 95.25, 0.5), ('FI', 610, 1),
	('FI', 240, 3), ('FI', NULL, 1), ('FI', 99, NULL);

-- ---- NPS ----
-- NULL scores are skipped; the text form names kind, count and value.
SELECT seg, nps(nps) FROM answers WHERE nps IS NOT NULL OR seg = 'FI'
GROUP BY seg ORDER BY seg;
SELECT seg, value(m), n(m), effective_n(m), kind(m)
FROM (SELECT seg, nps(nps) AS m FROM answers GROUP BY seg) s ORDER BY seg;
-- Wald interval, NPS 40 with SE 25.298...:
-- /usr/bin/python3 -c "import numpy as np; from scipy import stats;
--   x=np.array([10,9,9,8,7,6,10,3,9,10.]); n=len(x); p=(x>=9).mean();
--   d=(x<=6).mean(); se=100*np.sqrt((p+d-(p-d)**2)/n);
--   print(repr(se), repr(40-stats.norm.ppf(0.975)*se),
--         repr(40+stats.norm.ppf(0.975)*se),
--         repr(40-stats.norm.ppf(0.95)*se), repr(40+stats.norm.ppf(0.95)*se))"
SELECT near(std_error(m), 25.29822128134704),
       near(ci_low(m), -9.583602584364932),
       near(ci_high(m), 89.58360258436494),
       near(ci_low(m, 0.90), -1.6118710300445969),
       near(ci_high(m, 0.90), 81.6118710300446)
FROM (SELECT nps(nps) AS m FROM answers WHERE seg = 'FI') s;
-- FI against SE, Wald z:
-- /usr/bin/python3 -c "import numpy as np; from scipy import stats;
--   se=np.hypot(25.29822128134704, <SE of SE's NPS, same formula>);
--   z=40/se; print(repr(se), repr(z), repr(2*stats.norm.sf(z)))"
SELECT difference, near(std_error, 39.717754216471) AS se,
       near(statistic, 1.0071062875808812) AS z, df,
       near(p_value, 0.3138837000088597) AS p
FROM compare((SELECT nps(nps) FROM answers WHERE seg = 'FI'),
	     (SELECT nps(nps) FROM answers WHERE seg = 'SE'));
-- other figures: promoters are the top box
SELECT value(m, 'top_box'), value(m, 'mean'), value(m, 'value', 'wald'),
       near(value(m, 'value', 'adjusted-wald'), 40)
FROM (SELECT nps(nps) AS m FROM answers WHERE seg = 'FI') s;

-- ---- CSAT: top-two-box, Wilson ----
-- /usr/bin/python3 -c "from scipy import stats;
--   r=stats.binomtest(6,10).proportion_ci(0.95,method='wilson');
--   print(repr(100*r.low), repr(100*r.high))"
SELECT value(m), near(ci_low(m), 39.67781474611453),
       near(ci_high(m), 89.22087325936991),
       near(ci_low(m, 0.95, 'top_box', 'wilson'), 39.67781474611453),
       value(m, 'mean')
FROM (SELECT csat(csat) AS m FROM answers) s;

-- ---- CES: mean, t interval, Welch ----
-- /usr/bin/python3 -c "import numpy as np; from scipy import stats;
--   a=np.array([7,6,5,5,4,7,3,6.]); b=np.array([2,3,5,4,3.]);
--   print(stats.t.interval(0.95, 7, loc=a.mean(), scale=stats.sem(a)));
--   r=stats.ttest_ind(a, b, equal_var=False); print(r.statistic, r.pvalue);
--   va=a.var(ddof=1)/8; vb=b.var(ddof=1)/5;
--   print((va+vb)**2/(va**2/7+vb**2/4))"
SELECT value(m), near(ci_low(m), 4.197977888168423),
       near(ci_high(m), 6.552022111831577), value(m, 'top_box')
FROM (SELECT ces(ces) AS m FROM answers WHERE seg = 'FI') s;
SELECT near(statistic, 2.771625173365856) AS t,
       near(df, 10.044010878885294) AS df,
       near(p_value, 0.019656069705032274) AS p
FROM compare((SELECT ces(ces) FROM answers WHERE seg = 'FI'),
	     (SELECT ces(ces) FROM answers WHERE seg = 'SE'), 'value', 'welch');

-- ---- KPI, weighted forms ----
-- /usr/bin/python3 -c "import numpy as np; from scipy import stats;
--   k=np.array([120.5,300,95.25,610,240,99]);
--   print(k.mean(), stats.t.interval(0.9, 5, loc=k.mean(),
--         scale=stats.sem(k)))"
SELECT n(m), near(value(m), 244.125), near(ci_low(m, 0.9), 81.45358454984981),
       near(ci_high(m, 0.9), 406.7964154501501)
FROM (SELECT kpi(aht) AS m FROM answers) s;
-- the row with a NULL weight is skipped by the weighted form:
-- /usr/bin/python3 -c "import numpy as np;
--   k=np.array([120.5,300,95.25,610,240]); w=np.array([1,2,0.5,1,3]);
--   print(np.average(k, weights=w), w.sum()**2/(w*w).sum())"
SELECT n(m), weight_sum(m), near(value(m), 279.75),
       near(effective_n(m), 3.6885245901639343)
FROM (SELECT kpi(aht, w) AS m FROM answers) s;
-- with every weight 1 the weighted form is the unweighted one
SELECT nps(nps, 1)::bytea = nps(nps)::bytea AS same FROM answers;
-- no rows, or only NULLs: NULL, as avg()
SELECT nps(nps) IS NULL AS empty FROM answers WHERE false;
SELECT kpi(aht) IS NULL AS only_nulls FROM answers WHERE aht IS NULL;
-- too few answers for an interval: NULL, as stddev_samp() of one row
SELECT value(m), std_error(m), ci_low(m), (compare(m, m)).p_value
FROM (SELECT ces(5) AS m) s;

-- ---- merging: a rollup of daily states is the state of every answer ----
CREATE TABLE daily AS
	SELECT d, seg, nps(nps) AS m
	FROM (SELECT seg, nps, row_number() OVER () % 3 AS d FROM answers
	      WHERE nps IS NOT NULL) a
	GROUP BY d, seg;
SELECT seg, merge(m)::bytea = (SELECT nps(nps)::bytea FROM answers a
			       WHERE a.seg = daily.seg) AS exact
FROM daily GROUP BY seg ORDER BY seg;
SELECT merge(m) IS NULL AS empty FROM daily WHERE false;

-- ---- text and binary forms round-trip exactly ----
SELECT bool_and(m::text::cxjmetric::bytea = m::bytea) AS text_round_trip,
       bool_and(cxjmetric(m::bytea)::bytea = m::bytea) AS bytes_round_trip
FROM daily;
-- the words before state= may be left out, not changed
SELECT value(('state=' || split_part(m::text, 'state=', 2))::cxjmetric)
FROM (SELECT nps(nps) AS m FROM answers WHERE seg = 'SE') s;
SELECT err($$SELECT ('nps n=99 value=0 state=' ||
	split_part(nps(9)::text, 'state=', 2))::cxjmetric$$);

-- ---- bad input ----
SELECT err('SELECT nps(s) FROM (VALUES (9), (11)) v(s)');
SELECT err('SELECT csat(0)');
SELECT err('SELECT ces(8)');
SELECT err($$SELECT kpi('NaN')$$);
SELECT err('SELECT nps(9, -1)');
SELECT err($$SELECT value(nps(9), 'median')$$);
SELECT err($$SELECT ci_low(nps(9), 0.95, 'value', 'welch')$$);
SELECT err($$SELECT ci_low(nps(9), 1.5)$$);
SELECT err($$SELECT value(kpi(1), 'top_box')$$);
SELECT err('SELECT merge(m) FROM (SELECT nps(9) UNION ALL SELECT csat(4)) s(m)');
SELECT err('SELECT compare(nps(9), csat(4))');
SELECT err($$SELECT 'nps n=1'::cxjmetric$$);
SELECT err($$SELECT 'state=!!'::cxjmetric$$);

-- ---- damaged states are refused, never read ----
-- truncated, a foreign magic, bytes left over, an unknown format version
SELECT err_class($$SELECT cxjmetric(substr(nps(9)::bytea, 1, 30))$$);
SELECT err_class($$SELECT cxjmetric('\x00112233'::bytea || substr(nps(9)::bytea, 5))$$);
SELECT err_class($$SELECT cxjmetric(nps(9)::bytea || '\x00'::bytea)$$);
SELECT err_class($$SELECT cxjmetric(overlay(nps(9)::bytea placing '\x0900' from 5))$$);
SELECT err_class($$SELECT ('state=' || encode(substr(nps(9)::bytea, 1, 30), 'base64'))::cxjmetric$$);
-- a state whose count disagrees with its points, stored without a check
-- (as a damaged disk page would hold it): every reader refuses it
CREATE FUNCTION unchecked(bytea) RETURNS cxjmetric
	LANGUAGE internal IMMUTABLE STRICT AS 'byteasend';
CREATE TABLE damaged AS
	SELECT unchecked(overlay(nps(9)::bytea placing '\x07' from 9)) AS m;
SELECT err_class('SELECT value(m) FROM damaged');
SELECT err_class('SELECT m::text FROM damaged');
SELECT err_class('SELECT merge(m) FROM damaged');
SELECT err_class('SELECT compare(m, m) FROM damaged');
SELECT err_class('SELECT n(m) FROM damaged');

-- ---- parallel plans ----
-- 30,000 rows: ANALYZE reads them all, so the plan does not depend on a
-- sample
CREATE TABLE many AS
	SELECT i % 7 AS tp, (i * 7919) % 11 AS score FROM generate_series(1, 30000) i;
ANALYZE many;
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT tp, nps(score) FROM many GROUP BY tp;
CREATE TABLE par AS SELECT tp, nps(score)::bytea AS m FROM many GROUP BY tp;
RESET max_parallel_workers_per_gather;
SET max_parallel_workers_per_gather = 0;
SELECT count(*) AS groups, bool_and(par.m = s.m) AS identical
FROM par JOIN (SELECT tp, nps(score)::bytea AS m FROM many GROUP BY tp) s
USING (tp);
