package heapify.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Generated lines past PEP 7's 79 columns, wrapped the ways CPython's sources wrap them. */
class LineWrapTest {
    /** A text block's lines, four columns in (a text block drops the common indentation). */
    private static String in4(String lines) {
        return "    " + lines.replace("\n", "\n    ");
    }

    private static String wrap(String line) {
        return LineWrap.wrap(line, "    ", "\n");
    }

    @Test
    void aShortLineIsKept() {
        String line = "    st->Vec_Type = (PyTypeObject *)PyType_FromModuleAndSpec(m, &Vec_spec, NULL);";
        assertEquals(line.substring(0, 79), wrap(line.substring(0, 79)));
    }

    @Test
    void flagsAreParenthesizedAndBrokenAfterABar() {
        assertEquals(in4("""
                    .flags = (Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_BASETYPE |
                              Py_TPFLAGS_IMMUTABLETYPE),"""),
                wrap("    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_IMMUTABLETYPE,"));
    }

    @Test
    void aCallGetsAHangingIndentAfterItsParenthesis() {
        assertEquals(in4("""
                    st->Derived_Type = (PyTypeObject *)PyType_FromModuleAndSpec(
                        m, &Derived_spec, (PyObject *)st->Base_Type);"""),
                wrap("    st->Derived_Type = (PyTypeObject *)PyType_FromModuleAndSpec(m, &Derived_spec, (PyObject *)st->Base_Type);"));
        assertEquals(in4("""
                    hp_vec_state *st = get_hp_vec_state(
                        PyType_GetModuleByDef(type, &hp_vec_module));"""),
                wrap("    hp_vec_state *st = get_hp_vec_state(PyType_GetModuleByDef(type, &hp_vec_module));"));
    }

    @Test
    void anInitializerIsBrokenAfterACommaAndAlignedWithItsBrace() {
        assertEquals(in4("""
                    {"__weaklistoffset__", T_PYSSIZET, offsetof(BagObject, weakreflist),
                     READONLY},"""),
                wrap("    {\"__weaklistoffset__\", T_PYSSIZET, offsetof(BagObject, weakreflist), READONLY},"));
    }

    @Test
    void aCommentIsBrokenBetweenWords() {
        assertEquals("""
                /* TODO(heapify): 'record_list' is shared by all module objects: it is used
                   where the module state cannot be reached */""",
                wrap("/* TODO(heapify): 'record_list' is shared by all module objects: it is used where the module state cannot be reached */"));
    }

    @Test
    void commasAndParenthesesInsideLiteralsAreNotBreakPoints() {
        assertEquals(in4("""
                    {Py_tp_doc, (void *)PyDoc_STR(
                        "Vec(x=0.0, y=0.0): a 2-d vector; subclass me in Python.")},"""),
                wrap("    {Py_tp_doc, (void *)PyDoc_STR(\"Vec(x=0.0, y=0.0): a 2-d vector; subclass me in Python.\")},"));
    }

    @Test
    void whatCannotBeBroughtWithin79ColumnsIsKept() {
        String literal = "    {Py_tp_doc, (void *)\"Bag(**attrs): an object with a __dict__ that can be weakly referenced.\"},";
        assertEquals(literal, wrap(literal));
        String directive = "#define TreeBuilder_CheckExact(op) Py_IS_TYPE((op), ET_STATE_GLOBAL->TreeBuilder_Type_long_name)";
        assertEquals(directive, wrap(directive));
        String trailing = "    st->Vec_Type = (PyTypeObject *)PyType_FromModuleAndSpec(m, &Vec_spec, NULL); /* why */";
        assertEquals(trailing, wrap(trailing));
    }

    @Test
    void tabsCountToTheNextMultipleOfEight() {
        assertEquals("""
                \t\tst->Derived_Type = (PyTypeObject *)PyType_FromModuleAndSpec(
                \t\t\tm, &Derived_spec, NULL);""",
                LineWrap.wrap("\t\tst->Derived_Type = (PyTypeObject *)PyType_FromModuleAndSpec(m, &Derived_spec, NULL);", "\t", "\n"));
    }
}
