"""Handle lifetimes: every C handle is freed exactly once, children keep
their journey alive, and use after close or removal raises, never crashes."""

import gc
import unittest
import weakref

import cxjourney as cx


def build():
    j = cx.Journey("j")
    j.add_persona("p")
    s = j.add_stage("s")
    t = s.add_touchpoint("t", channel="phone", steps=["a"])
    t.add_persona("p")
    return j


class LifetimeTest(unittest.TestCase):
    def test_close_is_idempotent_and_frees_once(self):
        j = build()
        fin = j._finalizer
        self.assertTrue(fin.alive)
        self.assertFalse(j.closed)
        j.close()
        self.assertTrue(j.closed)
        self.assertFalse(fin.alive)
        j.close()  # second close: no double free
        self.assertEqual(repr(j), "<Journey (closed)>")
        with self.assertRaises(cx.ClosedError) as cm:
            j.id
        self.assertEqual(str(cm.exception), "journey is closed")
        self.assertIsInstance(cm.exception, ValueError)

    def test_context_manager(self):
        with build() as j:
            self.assertEqual(j.id, "j")
        self.assertTrue(j.closed)
        with self.assertRaises(cx.ClosedError):
            with j:
                pass

    def test_children_after_close_raise(self):
        j = build()
        s, t, p = j.stage("s"), j.touchpoint("t"), j.persona("p")
        views = [j.stages, j.personas, s.touchpoints, t.steps, t.attributes,
                 p.attributes, t.targets, s.targets, j.targets, t.customers]
        j.close()
        for obj in (s, t, p):
            self.assertFalse(obj.valid)
            with self.assertRaises(cx.ClosedError) as cm:
                obj.id
            self.assertEqual(str(cm.exception), "journey is closed")
            self.assertIn("journey closed", repr(obj))
        with self.assertRaises(cx.ClosedError):
            t.channel = "email"
        with self.assertRaises(cx.ClosedError):
            s.add_touchpoint("u")
        for v in views:
            with self.assertRaises(cx.ClosedError):
                len(v)
            with self.assertRaises(cx.ClosedError):
                list(v)
            self.assertIn("closed", repr(v))

    def test_child_keeps_journey_alive(self):
        def only_a_touchpoint():
            return build().touchpoint("t")

        t = only_a_touchpoint()
        gc.collect()
        j = t.journey
        self.assertFalse(j.closed)
        self.assertEqual(t.steps, ["a"])
        self.assertEqual(t.stage.journey.stage("s").touchpoints[0], t)
        fin = j._finalizer
        ref = weakref.ref(j)
        del j, t
        gc.collect()
        self.assertIsNone(ref())
        self.assertFalse(fin.alive)  # freed when the last wrapper went

    def test_gc_in_every_order(self):
        import itertools
        for order in itertools.permutations(range(3)):
            j = build()
            objs = [j, j.stage("s"), j.touchpoint("t")]
            holder = {"objs": objs}
            holder["self"] = holder  # a cycle only the collector breaks
            fin = j._finalizer
            del j, holder
            for k, i in enumerate(order):
                objs[i] = None
                gc.collect()
                # alive while any wrapper remains, freed after the last
                self.assertEqual(fin.alive, k < 2, order)

    def test_one_wrapper_per_c_object(self):
        j = build()
        self.assertIs(j.stages[0], j.stage("s"))
        self.assertIs(j.touchpoint("t"), j.stage("s").touchpoints[-1])
        self.assertIs(j.persona("p"), j.touchpoint("t").customers[0])
        j.close()

    def test_removed_stage_invalidates_every_wrapper(self):
        j = build()
        t1 = j.touchpoint("t")
        t2 = j.stage("s").touchpoints[0]
        j.stage("s").add_touchpoint("u")
        u = j.touchpoint("u")
        j.remove_stage(j.stages[0])
        for obj in (t1, t2, u):
            self.assertFalse(obj.valid)
            with self.assertRaises(cx.ClosedError) as cm:
                obj.name
            self.assertEqual(str(cm.exception),
                             "touchpoint was removed from its journey")
        # a new object reusing the freed memory gets a fresh wrapper
        s2 = j.add_stage("s2")
        n = s2.add_touchpoint("n")
        self.assertEqual(n.id, "n")
        self.assertFalse(t1.valid)
        j.close()

    def test_removal_during_iteration_ends_cleanly(self):
        j = cx.Journey("j")
        for i in range(5):
            j.add_stage("s%d" % i)
        seen = []
        for s in j.stages:
            seen.append(s.id)
            j.remove_stage(s)
        # removing the current item shifts the rest left, like a list
        self.assertEqual(seen, ["s0", "s2", "s4"])
        self.assertEqual(j.stages.ids(), ["s1", "s3"])
        j.close()

    def test_children_of_another_journey_are_refused(self):
        a, b = build(), build()
        with self.assertRaises(cx.NotFound):
            a.remove_stage(b.stage("s"))
        with self.assertRaises(cx.NotFound):
            a.stage("s").move_touchpoint(b.touchpoint("t"), 0)
        self.assertEqual(len(b.stages), 1)
        bs = b.stage("s")
        b.close()
        with self.assertRaises(cx.ClosedError):
            a.remove_stage(bs)
        self.assertEqual(len(a.stages), 1)
        a.close()

    def test_closed_child_argument_raises(self):
        a = build()
        t = a.touchpoint("t")
        a.stage("s").remove_touchpoint(t)
        with self.assertRaises(cx.ClosedError):
            a.stage("s").move_touchpoint(t, 0)
        a.close()


if __name__ == "__main__":
    unittest.main()
