"""The journey model from Python: every class and method, checked against
what the C API reports for the same handles and against the C suite's
expectations (tests/check_journey.c)."""

import array
import math
import unittest

import cxjourney as cx
from cxjourney import _ffi

lib = _ffi.lib


def fixture():
    """The shape of tests/check_journey.c's fixture: stages contact (with
    phone and email touchpoints) and resolve (empty), personas fi and l2."""
    j = cx.Journey("itsm", name="ITSM support")
    j.add_persona("fi", "customer", name="Finnish team",
                  attributes={"country": "FI"})
    j.add_persona("l2", cx.PersonaKind.BACK_OFFICE)
    contact = j.add_stage("contact", name="Contact")
    contact.add_touchpoint("phone", name="Call the desk", channel="phone")
    contact.add_touchpoint("email")
    j.add_stage("resolve")
    return j


class JourneyTest(unittest.TestCase):
    def setUp(self):
        self.j = fixture()

    def tearDown(self):
        self.j.close()

    def test_fields_round_trip_through_c(self):
        j = self.j
        self.assertEqual(j.id, "itsm")
        self.assertEqual(j.name, "ITSM support")
        self.assertEqual(j.description, "")
        j.description = "Tickets, from raising to closing ✓"
        self.assertEqual(lib.cxj_journey_description(j._h).decode(),
                         "Tickets, from raising to closing ✓")
        j.description = None
        self.assertEqual(j.description, "")
        j.id = "itsm-2"
        self.assertEqual(lib.cxj_journey_id(j._h), b"itsm-2")

    def test_constructor_errors(self):
        with self.assertRaises(cx.InvalidArgument) as cm:
            cx.Journey("has space")
        self.assertEqual(cm.exception.code, -2)
        with self.assertRaises(cx.InvalidArgument):
            cx.Journey("")
        with self.assertRaises(TypeError):
            cx.Journey(5)
        with self.assertRaises(cx.InvalidArgument):
            cx.Journey("x" * 256)
        # a failing optional field frees the new journey and raises
        with self.assertRaises(ValueError):
            cx.Journey("ok", name="a\0b")

    def test_ids_are_shared_across_kinds(self):
        with self.assertRaises(cx.AlreadyExists):
            self.j.add_stage("fi")
        with self.assertRaises(cx.AlreadyExists):
            self.j.stages[0].add_touchpoint("itsm")
        with self.assertRaises(cx.AlreadyExists):
            self.j.stage("contact").id = "resolve"
        self.assertEqual(self.j.stage("contact").id, "contact")

    def test_stages_sequence(self):
        st = self.j.stages
        self.assertEqual(len(st), 2)
        self.assertEqual(len(st), lib.cxj_journey_stage_count(self.j._h))
        self.assertEqual(st.ids(), ["contact", "resolve"])
        self.assertIs(st[-1], self.j.stage("resolve"))
        self.assertIs(st[0], st[-2])
        self.assertEqual([s.id for s in st[::-1]], ["resolve", "contact"])
        with self.assertRaises(IndexError):
            st[2]
        with self.assertRaises(IndexError):
            st[-3]
        self.assertIn(self.j.stage("contact"), st)
        self.assertEqual(st.index(self.j.stage("resolve")), 1)
        self.assertEqual(st, [self.j.stage("contact"), self.j.stage("resolve")])
        self.assertIn("contact", repr(st))

    def test_add_move_remove_stage(self):
        j = self.j
        s = j.add_stage("follow-up", name="Follow up", index=0)
        self.assertEqual(j.stages.ids(), ["follow-up", "contact", "resolve"])
        self.assertEqual(s.index, 0)
        self.assertEqual(s.name, "Follow up")
        s.move(-1)
        self.assertEqual(j.stages.ids(), ["contact", "resolve", "follow-up"])
        self.assertEqual(lib.cxj_stage_index(s._h), 2)
        j.move_stage("contact", 1)
        self.assertEqual(j.stages.ids(), ["resolve", "contact", "follow-up"])
        with self.assertRaises(IndexError):
            j.move_stage(s, 3)
        # a failed add (bad index) leaves nothing behind
        with self.assertRaises(IndexError):
            j.add_stage("late", index=7)
        with self.assertRaises(cx.NotFound):
            j.stage("late")
        j.remove_stage("follow-up")
        self.assertFalse(s.valid)
        self.assertEqual(len(j.stages), 2)
        with self.assertRaises(cx.NotFound) as cm:
            j.remove_stage("nope")
        self.assertIsInstance(cm.exception, KeyError)
        self.assertEqual(str(cm.exception), "no stage 'nope' in journey 'itsm'")
        with self.assertRaises(TypeError):
            j.remove_stage(3)

    def test_find_and_their_errors(self):
        j = self.j
        self.assertEqual(j.persona("fi").name, "Finnish team")
        self.assertEqual(j.touchpoint("phone").stage, j.stage("contact"))
        for finder in (j.persona, j.stage, j.touchpoint):
            with self.assertRaises(cx.NotFound):
                finder("missing")
        # an id of another kind is not found by the wrong finder
        with self.assertRaises(cx.NotFound):
            j.persona("contact")

    def test_touchpoints_and_counts(self):
        j = self.j
        self.assertEqual([t.id for t in j.touchpoints], ["phone", "email"])
        self.assertEqual(j.touchpoint_count,
                         lib.cxj_journey_touchpoint_count(j._h))
        contact = j.stage("contact")
        self.assertEqual(contact.touchpoints.ids(), ["phone", "email"])
        self.assertEqual(len(j.stage("resolve").touchpoints), 0)

    def test_targets_mapping(self):
        j = self.j
        t = j.targets
        self.assertEqual(len(t), 0)
        t["nps"] = 30
        t["csat"] = 80.5
        t["handle-time"] = -2
        self.assertEqual(dict(t), {"nps": 30.0, "csat": 80.5,
                                   "handle-time": -2.0})
        self.assertEqual(list(t), ["nps", "csat", "handle-time"])
        self.assertEqual(lib.cxj_journey_target(j._h, b"csat"), 80.5)
        self.assertTrue(math.isnan(lib.cxj_journey_target(j._h, b"ces")))
        with self.assertRaises(KeyError):
            t["ces"]
        with self.assertRaises(cx.OutOfRange) as cm:
            t["nps"] = 101
        self.assertIn("nps", str(cm.exception))
        with self.assertRaises(cx.OutOfRange):
            t["csat"] = float("nan")
        with self.assertRaises(TypeError):
            t["csat"] = "80"
        self.assertEqual(t["nps"], 30.0)
        del t["nps"]
        with self.assertRaises(KeyError):
            del t["nps"]
        self.assertEqual(t.pop("csat"), 80.5)
        self.assertEqual(t, {"handle-time": -2.0})
        st = j.stage("contact").targets
        st["ces"] = 5.5
        self.assertEqual(lib.cxj_stage_target(j.stage("contact")._h, b"ces"),
                         5.5)
        tt = j.touchpoint("phone").targets
        tt["csat"] = 90
        self.assertEqual(tt.items(), [("csat", 90.0)])
        with self.assertRaises(cx.OutOfRange):
            tt["ces"] = 8
        self.assertIn("csat", repr(tt))

    def test_validate_matches_c_suite(self):
        # Same setup as validate_lists_every_problem in check_journey.c:
        # 4 diagnostics, 3 errors.
        j = cx.Journey("itsm")
        j.add_persona("fi", "customer")
        j.add_persona("l2", "back_office")
        c = j.add_stage("contact")
        phone = c.add_touchpoint("phone", channel="phone")
        phone.add_persona("fi")
        phone.add_persona("l2")
        email = c.add_touchpoint("email")
        j.add_stage("resolve")
        j.add_persona("idle")
        email.moment_of_truth = True
        d = j.validate()
        self.assertEqual(len(d), 4)
        errors = [x for x in d if x.severity == cx.Severity.ERROR]
        self.assertEqual(len(errors), 3)
        self.assertEqual(sorted((x.rule, x.object) for x in d), [
            (cx.Rule.EMPTY_STAGE, "resolve"), (cx.Rule.NO_CHANNEL, "email"),
            (cx.Rule.PROMISE_MISSING, "email"),
            (cx.Rule.UNREFERENCED_PERSONA, "idle")])
        for x in d:
            self.assertEqual((x.line, x.column), (0, 0))
        self.assertFalse(j.is_valid())
        email.channel = "email"
        email.promise = "Reply in 4 h"
        j.stage("resolve").add_touchpoint("fix", channel="email")
        d = j.validate()
        self.assertEqual(d, [cx.Diagnostic(
            cx.Severity.WARNING, cx.Rule.UNREFERENCED_PERSONA,
            "persona 'idle' is not used by any touchpoint", "idle", 0, 0)])
        self.assertTrue(j.is_valid())
        j.close()
        e = cx.Journey("empty")
        self.assertEqual([x.rule for x in e.validate()],
                         [cx.Rule.NO_STAGES])
        e.close()

    def test_repr(self):
        j = self.j
        self.assertEqual(repr(j), "<Journey 'itsm' name='ITSM support' "
                         "(2 stages, 2 touchpoints, 2 personas)>")
        self.assertEqual(repr(j.stage("contact")),
                         "<Stage 'contact' name='Contact' (2 touchpoints)>")
        self.assertEqual(repr(j.persona("l2")),
                         "<Persona 'l2' kind=back_office>")
        self.assertEqual(repr(j.touchpoint("phone")),
                         "<Touchpoint 'phone' name='Call the desk' "
                         "channel='phone'>")


class PersonaTest(unittest.TestCase):
    def setUp(self):
        self.j = fixture()

    def tearDown(self):
        self.j.close()

    def test_fields_and_kind(self):
        p = self.j.persona("fi")
        self.assertEqual(p.kind, cx.PersonaKind.CUSTOMER)
        p.kind = "front-office"
        self.assertEqual(lib.cxj_persona_kind_of(p._h), 1)
        p.kind = cx.PersonaKind.BACK_OFFICE
        self.assertEqual(p.kind, cx.PersonaKind.BACK_OFFICE)
        with self.assertRaises(ValueError):
            p.kind = "robot"
        with self.assertRaises(ValueError):
            p.kind = 7
        p.description = "Customers in Finland"
        self.assertEqual(p.description, "Customers in Finland")
        p.id = "fi-team"
        self.assertIs(self.j.persona("fi-team"), p)
        self.assertEqual(p.index, 0)
        self.assertIs(p.journey, self.j)

    def test_kind_change_refused_while_referenced(self):
        p = self.j.persona("fi")
        self.j.touchpoint("phone").add_persona(p)
        with self.assertRaises(cx.InUse):
            p.kind = "back_office"
        self.assertEqual(p.kind, cx.PersonaKind.CUSTOMER)

    def test_attributes_mapping(self):
        a = self.j.persona("fi").attributes
        self.assertEqual(dict(a), {"country": "FI"})
        a["segment"] = "enterprise"
        a["country"] = "Suomi"
        self.assertEqual(list(a.items()), [("country", "Suomi"),
                                           ("segment", "enterprise")])
        self.assertEqual(lib.cxj_persona_attr(self.j.persona("fi")._h,
                                              b"segment"), b"enterprise")
        self.assertEqual(len(a), 2)
        self.assertIn("segment", a)
        self.assertNotIn("team", a)
        with self.assertRaises(KeyError):
            a["team"]
        self.assertIsNone(a.get("team"))
        with self.assertRaises(cx.InvalidArgument):
            a[""] = "x"
        a["empty"] = ""
        self.assertEqual(a["empty"], "")
        del a["empty"]
        with self.assertRaises(TypeError):
            a["k"] = None
        del a["segment"]
        with self.assertRaises(KeyError):
            del a["segment"]
        self.assertEqual(a, {"country": "Suomi"})

    def test_move_and_remove(self):
        j = self.j
        j.add_persona("se", name="Swedish team")
        self.assertEqual(j.personas.ids(), ["fi", "l2", "se"])
        j.persona("se").move(0)
        self.assertEqual(j.personas.ids(), ["se", "fi", "l2"])
        j.move_persona("fi", -1)
        self.assertEqual(j.personas.ids(), ["se", "l2", "fi"])
        fi = j.persona("fi")
        j.touchpoint("email").add_persona(fi)
        with self.assertRaises(cx.InUse):
            j.remove_persona(fi)
        self.assertTrue(fi.valid)
        j.touchpoint("email").remove_persona("fi")
        j.remove_persona(fi)
        self.assertFalse(fi.valid)
        with self.assertRaises(cx.ClosedError) as cm:
            fi.name
        self.assertIn("removed", str(cm.exception))
        self.assertEqual(repr(fi), "<Persona (removed)>")
        # a failing optional field on add leaves no persona behind
        with self.assertRaises(ValueError):
            j.add_persona("x", name="bad\0")
        with self.assertRaises(cx.NotFound):
            j.persona("x")
        with self.assertRaises(cx.InvalidArgument):
            j.add_persona("y", attributes={"": "v"})
        self.assertEqual(j.personas.ids(), ["se", "l2"])


class TouchpointTest(unittest.TestCase):
    def setUp(self):
        self.j = fixture()
        self.tp = self.j.touchpoint("phone")

    def tearDown(self):
        self.j.close()

    def test_text_fields(self):
        tp = self.tp
        for field in ("name", "description", "activity", "channel",
                      "back_end_process", "think_feel", "promise"):
            setattr(tp, field, field + " ✓")
            raw = getattr(lib, "cxj_touchpoint_" + field)(tp._h)
            self.assertEqual(raw.decode(), field + " ✓")
            self.assertEqual(getattr(tp, field), field + " ✓")
            setattr(tp, field, "")
            self.assertEqual(getattr(tp, field), "")
        with self.assertRaises(TypeError):
            tp.channel = 3

    def test_flags_and_experience(self):
        tp = self.tp
        self.assertFalse(tp.moment_of_truth)
        tp.moment_of_truth = True
        self.assertEqual(lib.cxj_touchpoint_moment_of_truth(tp._h), 1)
        self.assertIs(tp.moment_of_truth, True)
        self.assertEqual(tp.experience, cx.Experience.UNKNOWN)
        tp.experience = "negative"
        self.assertEqual(lib.cxj_touchpoint_experience(tp._h), 1)
        tp.experience = cx.Experience.POSITIVE
        self.assertEqual(tp.experience, cx.Experience.POSITIVE)
        with self.assertRaises(ValueError):
            tp.experience = "ecstatic"

    def test_lists(self):
        tp = self.tp
        steps = tp.steps
        self.assertEqual(len(steps), 0)
        steps.append("dial")
        steps.extend(["wait", "talk"])
        self.assertEqual(steps, ["dial", "wait", "talk"])
        self.assertEqual(lib.cxj_touchpoint_item_at(tp._h, 0, 2), b"talk")
        steps.insert(0, "look up number")
        steps.insert(-1, "explain")
        steps.insert(100, "hang up")
        self.assertEqual(list(steps), ["look up number", "dial", "wait",
                                       "explain", "talk", "hang up"])
        steps[1] = "call"
        self.assertEqual(steps[1], "call")
        self.assertEqual(steps[-1], "hang up")
        del steps[-1]
        self.assertEqual(steps.pop(), "talk")
        steps.remove("wait")
        steps.move(0, -1)
        self.assertEqual(steps, ["call", "explain", "look up number"])
        steps.reverse()
        self.assertEqual(steps, ["look up number", "explain", "call"])
        with self.assertRaises(IndexError):
            steps[3]
        with self.assertRaises(IndexError):
            steps[3] = "x"
        with self.assertRaises(cx.InvalidArgument):
            steps.append("")
        with self.assertRaises(TypeError):
            steps[0:1] = ["x"]
        del steps[0:2]
        self.assertEqual(steps, ["call"])
        self.assertEqual(steps[:], ["call"])
        # the four lists are distinct
        tp.systems = ["ITSM tool", "Telephony"]
        tp.pain_points = ("Queue time",)
        tp.opportunities = iter(["Call-back"])
        self.assertEqual(
            [lib.cxj_touchpoint_item_count(tp._h, k) for k in range(4)],
            [1, 2, 1, 1])
        self.assertEqual(tp.systems, ["ITSM tool", "Telephony"])
        # assignment checks every item before changing anything
        with self.assertRaises(TypeError):
            tp.systems = ["ok", 3]
        self.assertEqual(tp.systems, ["ITSM tool", "Telephony"])
        tp.systems.clear()
        self.assertEqual(len(tp.systems), 0)

    def test_persona_references(self):
        j, tp = self.j, self.tp
        agent = j.add_persona("agent", "front_office")
        tp.add_persona("fi")
        tp.add_persona(agent)
        tp.add_persona("l2")
        self.assertEqual(tp.customers, [j.persona("fi")])
        self.assertEqual(tp.front_office, [agent])
        self.assertEqual(tp.back_office.ids(), ["l2"])
        self.assertEqual(
            [lib.cxj_touchpoint_persona_count(tp._h, k) for k in range(3)],
            [1, 1, 1])
        self.assertEqual([p.id for p in tp.personas()], ["fi", "agent", "l2"])
        self.assertEqual(tp.personas("customer"), [j.persona("fi")])
        with self.assertRaises(cx.AlreadyExists):
            tp.add_persona("fi")
        with self.assertRaises(cx.NotFound) as cm:
            tp.add_persona("contact")
        self.assertEqual(cm.exception.message, "unknown persona 'contact'")
        tp.remove_persona(agent)
        self.assertEqual(len(tp.front_office), 0)
        with self.assertRaises(cx.NotFound):
            tp.remove_persona(agent)
        other = cx.Journey("other")
        stranger = other.add_persona("fi")
        with self.assertRaises(cx.NotFound):
            tp.add_persona(stranger)
        other.close()

    def test_attributes(self):
        a = self.tp.attributes
        a["queue"] = "L1"
        self.assertEqual(lib.cxj_touchpoint_attr(self.tp._h, b"queue"), b"L1")
        self.assertEqual(dict(a), {"queue": "L1"})
        del a["queue"]
        self.assertEqual(len(a), 0)

    def test_add_with_fields_and_errors(self):
        c = self.j.stage("contact")
        tp = c.add_touchpoint("chat", index=0, name="Chat", channel="chat",
                              steps=["open chat"], experience="neutral",
                              moment_of_truth=True, promise="Answer in 1 min")
        self.assertEqual(c.touchpoints.ids(), ["chat", "phone", "email"])
        self.assertEqual(tp.steps, ["open chat"])
        self.assertEqual(tp.experience, cx.Experience.NEUTRAL)
        with self.assertRaises(TypeError):
            c.add_touchpoint("x", colour="red")
        with self.assertRaises(ValueError):
            c.add_touchpoint("x", experience="ecstatic")
        with self.assertRaises(cx.NotFound):
            self.j.touchpoint("x")
        self.assertEqual(len(c.touchpoints), 3)

    def test_move_between_stages_and_remove(self):
        j = self.j
        contact, resolve = j.stage("contact"), j.stage("resolve")
        phone, email = j.touchpoint("phone"), j.touchpoint("email")
        phone.move(-1)
        self.assertEqual(contact.touchpoints.ids(), ["email", "phone"])
        self.assertEqual(phone.index, 1)
        resolve.move_touchpoint(phone, 0)
        self.assertIs(phone.stage, resolve)
        self.assertEqual(lib.cxj_stage_id(lib.cxj_touchpoint_stage(
            phone._h)), b"resolve")
        email.move(1, stage=resolve)
        self.assertEqual(resolve.touchpoints.ids(), ["phone", "email"])
        self.assertEqual(len(contact.touchpoints), 0)
        with self.assertRaises(IndexError):
            contact.move_touchpoint(phone, 2)
        resolve.remove_touchpoint("phone")
        self.assertFalse(phone.valid)
        with self.assertRaises(cx.ClosedError):
            phone.channel
        with self.assertRaises(cx.NotFound):
            contact.remove_touchpoint(email)  # in resolve, not in contact
        self.assertTrue(email.valid)



class StoredMetricsTest(unittest.TestCase):
    """The metrics view of each kind of object, against the C calls and the
    C suite's expectations (stored_metrics_* in tests/check_journey.c)."""

    def setUp(self):
        self.j = fixture()
        contact = self.j.stage("contact")
        self.owners = [self.j, contact, self.j.touchpoint("phone")]
        self.families = ["journey", "stage", "touchpoint"]

    def tearDown(self):
        self.j.close()

    @staticmethod
    def nps(scores, weights=None):
        m = cx.Metric.nps()
        m.extend(scores, weights)
        return m

    def test_a_mapping_of_copies_on_every_level(self):
        for owner, family in zip(self.owners, self.families):
            with self.subTest(family):
                ms = owner.metrics
                self.assertEqual(len(ms), 0)
                mine = self.nps([9, 10, 6, 8])
                ms["nps"] = mine
                # stored: a copy, through the C call of this family
                raw = _ffi.fn("cxj_%s_metric" % family)(owner._h, b"nps")
                self.assertTrue(raw)
                self.assertEqual(lib.cxj_metric_count(raw), 4)
                mine.add(0)
                self.assertEqual(ms["nps"].count, 4)
                # read: an independent copy too
                got = ms["nps"]
                got.add(10)
                self.assertEqual(ms["nps"].count, 4)
                self.assertEqual(bytes(ms["nps"]),
                                 bytes(self.nps([9, 10, 6, 8])))
                got.close()
                mine.close()
                kpi = cx.Metric.kpi("s")
                kpi.extend([12.5, 30])
                ms["handle-time"] = kpi
                ms["csat-by-phone"] = cx.Metric.csat()
                self.assertEqual(list(ms), ["nps", "handle-time",
                                            "csat-by-phone"])
                self.assertEqual(len(ms), 3)
                self.assertEqual(
                    _ffi.fn("cxj_%s_metric_count" % family)(owner._h), 3)
                self.assertIn("handle-time", ms)
                self.assertNotIn("ces", ms)
                self.assertEqual(ms["handle-time"].unit, "s")
                self.assertEqual(ms["handle-time"].mean, 21.25)
                self.assertEqual([k for k, v in ms.items()],
                                 ["nps", "handle-time", "csat-by-phone"])
                # stored again: replaced in place, order kept
                ms["nps"] = self.nps([0])
                self.assertEqual(list(ms)[0], "nps")
                self.assertEqual(ms["nps"].value, -100)
                del ms["handle-time"]
                self.assertEqual(list(ms), ["nps", "csat-by-phone"])
                with self.assertRaises(KeyError):
                    ms["handle-time"]
                with self.assertRaises(KeyError):
                    del ms["handle-time"]
                self.assertIsNone(ms.get("handle-time"))
                ms.clear()
                self.assertEqual(len(ms), 0)
                self.assertEqual(ms, {})

    def test_kind_rules_and_bad_values(self):
        ms = self.j.touchpoint("phone").metrics
        with self.assertRaises(cx.InvalidArgument) as cm:
            ms["csat"] = self.nps([9])
        self.assertEqual(cm.exception.message,
                         "metric 'csat' must be a csat metric, not nps")
        with self.assertRaises(cx.InvalidArgument):
            ms[""] = self.nps([9])
        with self.assertRaises(TypeError):
            ms["nps"] = 30
        with self.assertRaises(TypeError):
            ms["nps"] = None
        with self.assertRaises(TypeError):
            ms[5] = self.nps([9])
        ms["NPS"] = cx.Metric.kpi()  # reserved names compare exactly
        self.assertEqual(dict(ms).keys(), {"NPS"})

    def test_merge_is_one_metric_fed_both(self):
        a, b = [9, 10, 6, 8, 0], [7, 3, 10, 10]
        w = array.array("d", [0.5, 2, 1.25, 0])
        both = self.nps(a)
        both.extend(b, w)
        for owner in self.owners:
            ms = owner.metrics
            ms.merge("nps", self.nps(a))  # none yet: a copy
            ms.merge("nps", self.nps(b, w))
            got = ms["nps"]
            self.assertEqual(got.count, both.count)
            self.assertEqual(got.value, both.value)
            self.assertEqual(got.stderr, both.stderr)
            self.assertEqual(bytes(got), bytes(both))
            # a failed merge changes nothing
            with self.assertRaises(cx.InvalidArgument):
                ms.merge("nps", cx.Metric.csat())
            secs, mins = cx.Metric.kpi("s"), cx.Metric.kpi("min")
            secs.add(3)
            mins.add(4)
            ms.merge("aht", secs)
            with self.assertRaises(cx.InvalidArgument) as cm:
                ms.merge("aht", mins)
            self.assertIn("unit", cm.exception.message)
            self.assertEqual(bytes(ms["aht"]), bytes(secs))
            self.assertEqual(bytes(ms["nps"]), bytes(both))
            with self.assertRaises(TypeError):
                ms.merge("nps", bytes(both))

    def test_saved_loaded_and_copied_exactly(self):
        j = self.j
        j.metrics["csat"] = cx.Metric.csat()
        weighted = self.nps([10, 9, 0, 7, 10], [0.5, 2, 1.25, 0, 3])
        j.stage("contact").metrics["nps-email"] = weighted
        epoch = cx.Metric.kpi("s")
        epoch.extend([1700000000.5, 1700000012, 1700000001.0 / 3])
        j.touchpoint("phone").metrics["handle-time"] = epoch
        text = j.dumps()
        self.assertIn("    metrics:\n      handle-time:\n        kind: kpi\n"
                      "        unit: s\n        count: 3\n", text)
        with cx.Journey.loads(text) as again:
            self.assertEqual(again.dumps(), text)
            self.assertEqual(again.touchpoint("phone").metrics,
                             j.touchpoint("phone").metrics)
            self.assertEqual(
                bytes(again.stage("contact").metrics["nps-email"]),
                bytes(weighted))
            self.assertEqual(again.metrics["csat"].count, 0)
        with j.copy() as c:
            self.assertEqual(c.touchpoint("phone").metrics["handle-time"]
                             .mean, epoch.mean)

    def test_bad_metric_yaml_is_a_parse_error_at_its_node(self):
        doc = ("cxjourney: 1\nid: j\nstages:\n- id: s\n  touchpoints:\n"
               "  - id: t\n    metrics:\n      nps:\n        kind: nps\n"
               "        answers: [1, 2, 3]\n")
        with self.assertRaises(cx.ParseError) as cm:
            cx.Journey.loads(doc, name="m.yaml")
        e = cm.exception
        self.assertEqual((e.file, e.line, e.column), ("m.yaml", 10, 18))
        self.assertEqual(e.message, "stages[0].touchpoints[0].metrics.nps."
                         "answers: expected 11 counts, found 3")

    def test_views_follow_their_owner(self):
        tp = self.j.touchpoint("email")
        ms = tp.metrics
        ms["ces"] = cx.Metric.ces()
        self.j.stage("contact").remove_touchpoint(tp)
        with self.assertRaises(cx.ClosedError):
            len(ms)
        ms = self.j.metrics
        self.j.close()
        with self.assertRaises(cx.ClosedError):
            ms["nps"]


if __name__ == "__main__":
    unittest.main()
