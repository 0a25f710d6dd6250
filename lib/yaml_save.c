/* yaml_save.c: writes a journey map in the canonical form of cxjourney(5)
 * through libyaml's emitter, and replaces files atomically. */
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yaml.h>

#include "alloc.h"
#include "files.h"
#include "metrics.h"
#include "text.h"

typedef struct saver {
	yaml_emitter_t em;
	int fd;       /* file output, or -1 */
	FILE *stream; /* stream output */
	char *buf;    /* else buffer output */
	size_t len, cap;
	int werrno, nomem;
} saver;

static int write_handler(void *data, unsigned char *buffer, size_t size)
{
	saver *S = data;
	if (S->fd >= 0) {
		while (size) {
			ssize_t n = write(S->fd, buffer, size);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				S->werrno = n < 0 ? errno : EIO;
				return 0;
			}
			buffer += n;
			size -= (size_t)n;
		}
		return 1;
	}
	if (S->stream) {
		errno = 0;
		if (fwrite(buffer, 1, size, S->stream) != size) {
			S->werrno = errno ? errno : EIO;
			return 0;
		}
		return 1;
	}
	if (size > SIZE_MAX - S->len - 1 ||
	    cxj__reserve((void **)&S->buf, &S->cap, S->len + size + 1, 1)) {
		S->nomem = 1;
		return 0;
	}
	memcpy(S->buf + S->len, buffer, size);
	S->len += size;
	return 1;
}

static int emitter_failure(saver *S)
{
	if (S->nomem || S->em.error == YAML_MEMORY_ERROR)
		return cxj__nomem();
	if (S->werrno)
		return cxj__error(CXJ_EIO, "cannot write the journey: %s",
				  strerror(S->werrno));
	return cxj__error(CXJ_EINVAL, "cannot emit the journey: %s",
			  S->em.problem ? S->em.problem : "emitter error");
}

static int emit(saver *S, yaml_event_t *e)
{
	if (!yaml_emitter_emit(&S->em, e))
		return emitter_failure(S);
	return CXJ_OK;
}

/* ---- scalars ---- */

/* Would a YAML reader take this plain text for something else than a
 * string (null, a boolean, a number)? Such text is written quoted, so that
 * other YAML tools read the same strings as we do. */
static int looks_typed(const char *s)
{
	static const char *const words[] = {"~",  "null", "true", "false",
					    "yes", "no",  "on",	  "off",
					    "y",   "n",	  ".inf", "+.inf",
					    "-.inf", ".nan"};
	const char *p = s;
	char *end;
	if (*s == '\0')
		return 1;
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (cxj__ascii_ieq(s, strlen(s), words[i]))
			return 1;
	if (*p == '+' || *p == '-')
		p++;
	if (*p == '.')
		p++;
	if (*p < '0' || *p > '9')
		return 0;
	(void)strtod(s, &end);
	if (*end == '\0')
		return 1;
	/* YAML 1.1 integers: 0x1F, 0o17, 0b101, 1_000, 1:30 */
	return strspn(p, "0123456789abcdefABCDEFxXoObB_:.+-") == strlen(p);
}

static int scalar_n(saver *S, const char *s, size_t len,
		    yaml_scalar_style_t style)
{
	yaml_event_t e;
	if (!yaml_scalar_event_initialize(&e, NULL, NULL, (yaml_char_t *)s,
					  (int)len, 1, 1, style))
		return cxj__nomem();
	return emit(S, &e);
}

static int scalar(saver *S, const char *s, yaml_scalar_style_t style)
{
	return scalar_n(S, s, strlen(s), style);
}

/* Only text starting with one of these can read as a null, a boolean or
 * a number; the test keeps the full check off the common path. */
static int may_look_typed(unsigned char c)
{
	switch (c) {
	case '\0': case '~': case '.': case '+': case '-':
	case 'n': case 'N': case 't': case 'T': case 'f': case 'F':
	case 'y': case 'Y': case 'o': case 'O':
		return 1;
	default: return c >= '0' && c <= '9';
	}
}

/* User text: plain when it reads back as the same string, a literal block
 * for multi-line text, double quotes otherwise. The emitter itself falls
 * back to quotes where a style cannot hold the text. */
static int text(saver *S, const char *s)
{
	yaml_scalar_style_t style = YAML_PLAIN_SCALAR_STYLE;
	size_t len = strcspn(s, "\r\n");
	if (s[len]) {
		style = strchr(s + len, '\r') ? YAML_DOUBLE_QUOTED_SCALAR_STYLE
					      : YAML_LITERAL_SCALAR_STYLE;
		len += strlen(s + len);
	} else if (may_look_typed((unsigned char)s[0]) && looks_typed(s)) {
		style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	}
	return scalar_n(S, s, len, style);
}

static int key(saver *S, const char *k)
{
	return scalar(S, k, YAML_PLAIN_SCALAR_STYLE);
}

/* Starts or ends a block mapping or sequence. Inline: every use names a
 * constant type, so the switch folds away (callgrind). */
static inline int block(saver *S, yaml_event_type_t type)
{
	yaml_event_t e;
	int ok;
	switch (type) {
	case YAML_MAPPING_START_EVENT:
		ok = yaml_mapping_start_event_initialize(
			&e, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE);
		break;
	case YAML_SEQUENCE_START_EVENT:
		ok = yaml_sequence_start_event_initialize(
			&e, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE);
		break;
	case YAML_MAPPING_END_EVENT:
		ok = yaml_mapping_end_event_initialize(&e);
		break;
	default: ok = yaml_sequence_end_event_initialize(&e); break;
	}
	if (!ok)
		return cxj__nomem();
	return emit(S, &e);
}

/* Starts a flow sequence: the per-point lists of a metric, on one line. */
static int flow_start(saver *S)
{
	yaml_event_t e;
	if (!yaml_sequence_start_event_initialize(&e, NULL, NULL, 1,
						  YAML_FLOW_SEQUENCE_STYLE))
		return cxj__nomem();
	return emit(S, &e);
}

#define map_start(S) block(S, YAML_MAPPING_START_EVENT)
#define map_end(S) block(S, YAML_MAPPING_END_EVENT)
#define seq_start(S) block(S, YAML_SEQUENCE_START_EVENT)
#define seq_end(S) block(S, YAML_SEQUENCE_END_EVENT)

/* key: text, omitted when the text is empty */
static int field(saver *S, const char *k, const char *value)
{
	int rc;
	if (!value || !*value)
		return CXJ_OK;
	if ((rc = key(S, k)))
		return rc;
	return text(S, value);
}

/* The shortest decimal that reads back as the same double. The C locale
 * is in force (see with_c_locale), so the point is a point. */
static void format_number(double v, char *buf, size_t size)
{
	for (int digits = 15; digits <= 17; digits++) {
		snprintf(buf, size, "%.*g", digits, v);
		if (strtod(buf, NULL) == v)
			return;
	}
}

static int number(saver *S, double v)
{
	char num[40];
	format_number(v, num, sizeof num);
	return scalar(S, num, YAML_PLAIN_SCALAR_STYLE);
}

static int integer(saver *S, uint64_t n)
{
	char num[24];
	snprintf(num, sizeof num, "%llu", (unsigned long long)n);
	return scalar(S, num, YAML_PLAIN_SCALAR_STYLE);
}

/* key: number */
static int number_field(saver *S, const char *k, double v)
{
	int rc = key(S, k);
	return rc ? rc : number(S, v);
}

/* ---- the journey ---- */

typedef size_t (*target_count_fn)(const void *obj);
typedef int (*target_at_fn)(const void *obj, size_t i, const char **metric,
			    double *value);

/* The count and index readers of a kind of object: its public calls. */
#define READERS(kind, what, value_type)                                        \
	static size_t kind##_##what##_count(const void *obj)                   \
	{                                                                      \
		return cxj_##kind##_##what##_count(obj);                       \
	}                                                                      \
	static int kind##_##what##_at(const void *obj, size_t i,               \
				      const char **name, value_type *value)    \
	{                                                                      \
		return cxj_##kind##_##what##_at(obj, i, name, value);          \
	}

READERS(journey, target, double)
READERS(stage, target, double)
READERS(touchpoint, target, double)

static int targets(saver *S, const void *obj, target_count_fn count,
		   target_at_fn at)
{
	size_t n = count(obj);
	int rc;
	if (n == 0)
		return CXJ_OK;
	if ((rc = key(S, "targets")) || (rc = map_start(S)))
		return rc;
	for (size_t i = 0; i < n; i++) {
		const char *metric;
		double v;
		if ((rc = at(obj, i, &metric, &v)) || (rc = text(S, metric)) ||
		    (rc = number(S, v)))
			return rc;
	}
	return map_end(S);
}

/* ---- stored metrics ---- */

typedef size_t (*metric_count_fn)(const void *obj);
typedef int (*metric_at_fn)(const void *obj, size_t i, const char **name,
			    const cxj_metric **m);

READERS(journey, metric, const cxj_metric *)
READERS(stage, metric, const cxj_metric *)
READERS(touchpoint, metric, const cxj_metric *)

/* Bit for bit: a weight left out reads back as its count, so it is left
 * out only when it is that very double (not -0 for 0). */
static int same_double(double a, double b)
{
	return memcmp(&a, &b, sizeof a) == 0;
}

/* Whether the weights of m say more than its counts, as weighted answers
 * do: unweighted ones have a weight sum equal to the count at each point
 * (the KPI: in all) and squared weights summing to the count. */
static int weighted(const cxj_metric *m)
{
	if (!same_double(m->wsum2, (double)m->count))
		return 1;
	if (m->kind == CXJ_KPI)
		return !same_double(m->wsum, (double)m->count);
	for (int k = m->lo; k <= m->hi; k++)
		if (!same_double(m->hist_w[k], (double)m->hist[k]))
			return 1;
	return 0;
}

/* answers: [per point lo..hi], then when weighted the weight sums per
 * point and the sum of squared weights */
static int survey_fields(saver *S, const cxj_metric *m)
{
	int rc;
	if ((rc = key(S, "answers")) || (rc = flow_start(S)))
		return rc;
	for (int k = m->lo; k <= m->hi; k++)
		if ((rc = integer(S, m->hist[k])))
			return rc;
	if ((rc = seq_end(S)) || !weighted(m))
		return rc;
	if ((rc = key(S, "weights")) || (rc = flow_start(S)))
		return rc;
	for (int k = m->lo; k <= m->hi; k++)
		if ((rc = number(S, m->hist_w[k])))
			return rc;
	if ((rc = seq_end(S)))
		return rc;
	return number_field(S, "squared-weights", m->wsum2);
}

/* An empty KPI gives its unit and count only: its moments are those of a
 * new metric (min and max infinite, which YAML numbers are not). */
static int kpi_fields(saver *S, const cxj_metric *m)
{
	int rc;
	if ((rc = field(S, "unit", m->unit)) || (rc = key(S, "count")) ||
	    (rc = integer(S, m->count)) || m->count == 0)
		return rc;
	if ((rc = number_field(S, "min", m->min)) ||
	    (rc = number_field(S, "max", m->max)))
		return rc;
	if (weighted(m) &&
	    ((rc = number_field(S, "weight-sum", m->wsum)) ||
	     (rc = number_field(S, "squared-weights", m->wsum2))))
		return rc;
	if ((rc = number_field(S, "shift", m->shift)) ||
	    (rc = number_field(S, "shifted-mean", m->mean)))
		return rc;
	return number_field(S, "squared-deviations", m->m2);
}

static int metrics(saver *S, const void *obj, metric_count_fn count,
		   metric_at_fn at)
{
	size_t n = count(obj);
	int rc;
	if (n == 0)
		return CXJ_OK;
	if ((rc = key(S, "metrics")) || (rc = map_start(S)))
		return rc;
	for (size_t i = 0; i < n; i++) {
		const char *name;
		const cxj_metric *m;
		if ((rc = at(obj, i, &name, &m)) || (rc = text(S, name)) ||
		    (rc = map_start(S)) ||
		    (rc = field(S, "kind", cxj_metric_kind_name(m->kind))))
			return rc;
		rc = m->kind == CXJ_KPI ? kpi_fields(S, m)
					: survey_fields(S, m);
		if (rc || (rc = map_end(S)))
			return rc;
	}
	return map_end(S);
}

typedef size_t (*attr_count_fn)(const void *obj);
typedef int (*attr_at_fn)(const void *obj, size_t i, const char **k,
			  const char **v);

READERS(persona, attr, const char *)
READERS(touchpoint, attr, const char *)

static int attributes(saver *S, const void *obj, attr_count_fn count,
		      attr_at_fn at)
{
	size_t n = count(obj);
	int rc;
	if (n == 0)
		return CXJ_OK;
	if ((rc = key(S, "attributes")) || (rc = map_start(S)))
		return rc;
	for (size_t i = 0; i < n; i++) {
		const char *k, *v;
		if ((rc = at(obj, i, &k, &v)))
			return rc;
		if ((rc = text(S, k)) || (rc = text(S, v ? v : "")))
			return rc;
	}
	return map_end(S);
}

static int persona(saver *S, const cxj_persona *p)
{
	cxj_persona_kind kind = cxj_persona_kind_of(p);
	int rc;
	if ((rc = map_start(S)) || (rc = field(S, "id", cxj_persona_id(p))) ||
	    (rc = field(S, "kind", cxj_persona_kind_name(kind))) ||
	    (rc = field(S, "name", cxj_persona_name(p))) ||
	    (rc = field(S, "description", cxj_persona_description(p))) ||
	    (rc = attributes(S, p, persona_attr_count, persona_attr_at)))
		return rc;
	return map_end(S);
}

static int items(saver *S, const char *k, const cxj_touchpoint *t,
		 cxj_list list)
{
	size_t n = cxj_touchpoint_item_count(t, list);
	int rc;
	if (n == 0)
		return CXJ_OK;
	if ((rc = key(S, k)) || (rc = seq_start(S)))
		return rc;
	for (size_t i = 0; i < n; i++)
		if ((rc = text(S, cxj_touchpoint_item_at(t, list, i))))
			return rc;
	return seq_end(S);
}

static int references(saver *S, const char *k, const cxj_touchpoint *t,
		      cxj_persona_kind kind)
{
	size_t n = cxj_touchpoint_persona_count(t, kind);
	int rc;
	if (n == 0)
		return CXJ_OK;
	if ((rc = key(S, k)) || (rc = seq_start(S)))
		return rc;
	for (size_t i = 0; i < n; i++) {
		const cxj_persona *p = cxj_touchpoint_persona_at(t, kind, i);
		if ((rc = text(S, cxj_persona_id(p))))
			return rc;
	}
	return seq_end(S);
}

/* moment-of-truth: true | {promise: ...} | {flag: false, promise: ...} */
static int moment(saver *S, const cxj_touchpoint *t)
{
	int flag = cxj_touchpoint_moment_of_truth(t);
	const char *promise = cxj_touchpoint_promise(t);
	int rc;
	if (!flag && !*promise)
		return CXJ_OK;
	if ((rc = key(S, "moment-of-truth")))
		return rc;
	if (!*promise)
		return scalar(S, "true", YAML_PLAIN_SCALAR_STYLE);
	if ((rc = map_start(S)))
		return rc;
	if (!flag && ((rc = key(S, "flag")) ||
		      (rc = scalar(S, "false", YAML_PLAIN_SCALAR_STYLE))))
		return rc;
	if ((rc = field(S, "promise", promise)))
		return rc;
	return map_end(S);
}

static int touchpoint(saver *S, const cxj_touchpoint *t)
{
	cxj_experience x = cxj_touchpoint_experience(t);
	int rc;
	if ((rc = map_start(S)) ||
	    (rc = field(S, "id", cxj_touchpoint_id(t))) ||
	    (rc = field(S, "name", cxj_touchpoint_name(t))) ||
	    (rc = field(S, "description", cxj_touchpoint_description(t))) ||
	    (rc = field(S, "activity", cxj_touchpoint_activity(t))) ||
	    (rc = items(S, "steps", t, CXJ_LIST_STEPS)) ||
	    (rc = references(S, "customers", t, CXJ_PERSONA_CUSTOMER)) ||
	    (rc = field(S, "channel", cxj_touchpoint_channel(t))) ||
	    (rc = references(S, "front-office", t, CXJ_PERSONA_FRONT_OFFICE)) ||
	    (rc = references(S, "back-office", t, CXJ_PERSONA_BACK_OFFICE)) ||
	    (rc = field(S, "back-end-process",
			cxj_touchpoint_back_end_process(t))) ||
	    (rc = items(S, "systems", t, CXJ_LIST_SYSTEMS)) ||
	    (rc = field(S, "think-feel", cxj_touchpoint_think_feel(t))) ||
	    (rc = items(S, "pain-points", t, CXJ_LIST_PAIN_POINTS)) ||
	    (rc = moment(S, t)))
		return rc;
	if (x > CXJ_EXPERIENCE_UNKNOWN && x <= CXJ_EXPERIENCE_POSITIVE &&
	    (rc = field(S, "experience", cxj_experience_name(x))))
		return rc;
	if ((rc = items(S, "opportunities", t, CXJ_LIST_OPPORTUNITIES)) ||
	    (rc = attributes(S, t, touchpoint_attr_count,
			     touchpoint_attr_at)) ||
	    (rc = targets(S, t, touchpoint_target_count,
			  touchpoint_target_at)) ||
	    (rc = metrics(S, t, touchpoint_metric_count,
			  touchpoint_metric_at)))
		return rc;
	return map_end(S);
}

static int stage(saver *S, const cxj_stage *st)
{
	size_t n = cxj_stage_touchpoint_count(st);
	int rc;
	if ((rc = map_start(S)) || (rc = field(S, "id", cxj_stage_id(st))) ||
	    (rc = field(S, "name", cxj_stage_name(st))) ||
	    (rc = field(S, "description", cxj_stage_description(st))) ||
	    (rc = targets(S, st, stage_target_count, stage_target_at)) ||
	    (rc = metrics(S, st, stage_metric_count, stage_metric_at)))
		return rc;
	if (n) {
		if ((rc = key(S, "touchpoints")) || (rc = seq_start(S)))
			return rc;
		for (size_t i = 0; i < n; i++)
			if ((rc = touchpoint(S, cxj_stage_touchpoint_at(st, i))))
				return rc;
		if ((rc = seq_end(S)))
			return rc;
	}
	return map_end(S);
}

static int journey(saver *S, const cxj_journey *j)
{
	size_t np = cxj_journey_persona_count(j);
	size_t ns = cxj_journey_stage_count(j);
	char version[16];
	int rc;
	snprintf(version, sizeof version, "%d", CXJ_FORMAT_VERSION);
	if ((rc = map_start(S)) || (rc = key(S, "cxjourney")) ||
	    (rc = scalar(S, version, YAML_PLAIN_SCALAR_STYLE)) ||
	    (rc = field(S, "id", cxj_journey_id(j))) ||
	    (rc = field(S, "name", cxj_journey_name(j))) ||
	    (rc = field(S, "description", cxj_journey_description(j))) ||
	    (rc = targets(S, j, journey_target_count, journey_target_at)) ||
	    (rc = metrics(S, j, journey_metric_count, journey_metric_at)))
		return rc;
	if (np) {
		if ((rc = key(S, "personas")) || (rc = seq_start(S)))
			return rc;
		for (size_t i = 0; i < np; i++)
			if ((rc = persona(S, cxj_journey_persona_at(j, i))))
				return rc;
		if ((rc = seq_end(S)))
			return rc;
	}
	if (ns) {
		if ((rc = key(S, "stages")) || (rc = seq_start(S)))
			return rc;
		for (size_t i = 0; i < ns; i++)
			if ((rc = stage(S, cxj_journey_stage_at(j, i))))
				return rc;
		if ((rc = seq_end(S)))
			return rc;
	}
	return map_end(S);
}

static int document(saver *S, const cxj_journey *j)
{
	yaml_event_t e;
	int rc;
	if (!yaml_stream_start_event_initialize(&e, YAML_UTF8_ENCODING))
		return cxj__nomem();
	if ((rc = emit(S, &e)))
		return rc;
	if (!yaml_document_start_event_initialize(&e, NULL, NULL, NULL, 1))
		return cxj__nomem();
	if ((rc = emit(S, &e)) || (rc = journey(S, j)))
		return rc;
	if (!yaml_document_end_event_initialize(&e, 1))
		return cxj__nomem();
	if ((rc = emit(S, &e)))
		return rc;
	if (!yaml_stream_end_event_initialize(&e))
		return cxj__nomem();
	if ((rc = emit(S, &e)))
		return rc;
	if (!yaml_emitter_flush(&S->em))
		return emitter_failure(S);
	return CXJ_OK;
}

/* Emits under the C locale of this thread, so that numbers are written
 * with a point whatever locale the host set. */
static int save(saver *S, const cxj_journey *j)
{
	locale_t c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	locale_t old = c ? uselocale(c) : (locale_t)0;
	int rc;
	if (!yaml_emitter_initialize(&S->em)) {
		rc = cxj__nomem();
		goto out;
	}
	yaml_emitter_set_output(&S->em, write_handler, S);
	yaml_emitter_set_unicode(&S->em, 1);
	yaml_emitter_set_width(&S->em, -1);
	yaml_emitter_set_indent(&S->em, 2);
	yaml_emitter_set_break(&S->em, YAML_LN_BREAK);
	rc = document(S, j);
	yaml_emitter_delete(&S->em);
out:
	if (c) {
		uselocale(old);
		freelocale(c);
	}
	return rc;
}

CXJ__VERSIONED(options_type, cxj_save_options, CXJ_SAVE_OPTIONS_INIT,
	       sizeof(cxj_save_options));

static int check_save_args(const cxj_journey *j, const cxj_save_options *given)
{
	cxj_save_options o;
	if (!j)
		return cxj__error(CXJ_EINVAL, "no journey to save");
	if (cxj__versioned_read(&options_type, given, &o))
		return CXJ_EINVAL;
	if (o.flags)
		return cxj__error(CXJ_EINVAL, "unknown save flags 0x%x",
				  o.flags);
	return CXJ_OK;
}

int cxj_save_options_init(cxj_save_options *opts, unsigned int version)
{
	return cxj__versioned_init(&options_type, opts, version, "opts");
}

int cxj_journey_save_buffer(const cxj_journey *j, const cxj_save_options *opts,
			    char **buf, size_t *len)
{
	saver S;
	int rc;
	if ((rc = check_save_args(j, opts)))
		return rc;
	if (!buf || !len)
		return cxj__error(CXJ_EINVAL, "save_buffer needs buf and len");
	memset(&S, 0, sizeof S);
	S.fd = -1;
	rc = save(&S, j);
	if (!rc && cxj__reserve((void **)&S.buf, &S.cap, S.len + 1, 1))
		rc = CXJ_ENOMEM;
	if (rc) {
		cxj__free(S.buf);
		return rc;
	}
	S.buf[S.len] = '\0';
	*buf = S.buf;
	*len = S.len;
	return CXJ_OK;
}

int cxj_journey_save_stream(const cxj_journey *j, FILE *stream,
			    const cxj_save_options *opts)
{
	saver S;
	int rc;
	if ((rc = check_save_args(j, opts)))
		return rc;
	if (!stream)
		return cxj__error(CXJ_EINVAL, "save_stream needs a stream");
	memset(&S, 0, sizeof S);
	S.fd = -1;
	S.stream = stream;
	if ((rc = save(&S, j)))
		return rc;
	errno = 0;
	if (fflush(stream) != 0)
		return cxj__error(CXJ_EIO, "cannot write the journey: %s",
				  strerror(errno ? errno : EIO));
	return CXJ_OK;
}

int cxj_journey_save_file(const cxj_journey *j, const char *path,
			  const cxj_save_options *opts)
{
	saver S;
	cxj__replace r;
	int rc;
	if ((rc = check_save_args(j, opts)))
		return rc;
	if (!path || !*path)
		return cxj__error(CXJ_EINVAL, "save_file needs a path");
	if ((rc = cxj__replace_begin(path, &r)))
		return rc;
	memset(&S, 0, sizeof S);
	S.fd = r.fd;
	if ((rc = save(&S, j))) {
		if (rc == CXJ_EIO && S.werrno)
			rc = cxj__error_at(CXJ_EIO, path, 0, 0,
					   "cannot write '%s': %s", path,
					   strerror(S.werrno));
		cxj__replace_abort(&r);
		return rc;
	}
	return cxj__replace_commit(&r);
}
