#!/usr/bin/env python3
"""Lists every PyTypeObject definition with an initializer under a CPython tree's Modules/.

Written for heapify's corpus test (ScanModulesTypesTest), independently of heapify's own
lexer and parser: plain Python, no preprocessor. Usage:

    python3 make-expected-types.py /path/to/Python-3.11.2 > expected-types-3.11.2.tsv

For each .c/.h file below Modules/ (sorted), comments and string/char literals are blanked
(same length, so offsets stay), then the regex

    \\bPyTypeObject\\s+(\\w+)\\s*(?:\\[[^\\]]*\\])?\\s*=\\s*\\{

finds definitions whatever their storage (static, non-static, Py_EXPORTED_SYMBOL) and however
the '= {' is split across lines. Matches inside a '#define' (macro bodies) are skipped.
tp_name is the first initializer element after a PyVarObject_HEAD_INIT(...)/PyObject_HEAD_INIT(...)
head, or the element designated '.tp_name'; it is printed from the original text with comments
removed and whitespace collapsed to one space. Output: tab-separated path (relative to the
source root, '/' separators), C name, tp_name.
"""
import os
import re
import sys


def blank(text):
    """Replaces comments and literals by spaces (keeping newlines), so regexes see only code."""
    out = list(text)
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith('/*', i):
            j = text.find('*/', i + 2)
            j = n if j < 0 else j + 2
            for k in range(i, j):
                if out[k] != '\n':
                    out[k] = ' '
            i = j
        elif text.startswith('//', i):
            j = text.find('\n', i)
            j = n if j < 0 else j
            for k in range(i, j):
                out[k] = ' '
            i = j
        elif c in '"\'':
            j = i + 1
            while j < n and text[j] != c and text[j] != '\n':
                j += 2 if text[j] == '\\' else 1
            j = min(j + 1, n)
            for k in range(i + 1, j - 1):
                if out[k] != '\n':
                    out[k] = ' '
            i = j
        else:
            i += 1
    return ''.join(out)


def strip_comments(text):
    return re.sub(r'/\*.*?\*/|//[^\n]*', ' ', text, flags=re.S)


DEF = re.compile(r'\bPyTypeObject\s+(\w+)\s*(?:\[[^\]]*\])?\s*=\s*\{')


def elements(code, original, start):
    """Top-level comma-separated element spans of the brace group opening at code[start]."""
    depth, i, begin, spans = 0, start, start + 1, []
    while i < len(code):
        c = code[i]
        if c in '({[':
            depth += 1
        elif c in ')}]':
            depth -= 1
            if depth == 0:
                spans.append((begin, i))
                return spans
        elif c == ',' and depth == 1:
            spans.append((begin, i))
            begin = i + 1
        i += 1
    return spans


def in_define(code, pos):
    line_start = code.rfind('\n', 0, pos) + 1
    # follow backslash continuations up to the logical line's start
    while line_start > 1 and code[line_start - 2] == '\\':
        line_start = code.rfind('\n', 0, line_start - 1) + 1
    return re.match(r'\s*#\s*define\b', code[line_start:pos]) is not None


def tp_name(code, text, brace):
    parts = []
    for s, e in elements(code, text, brace):
        m = re.match(r'\s*(PyVarObject_HEAD_INIT|PyObject_HEAD_INIT)\s*\(', code[s:e])
        if m:
            # the head has no comma of its own: skip its balanced parentheses
            i, depth = s + m.end(), 1
            while depth:
                depth += {'(': 1, ')': -1}.get(code[i], 0)
                i += 1
            s = i
        if code[s:e].strip():
            parts.append((s, e))
    for s, e in parts:
        m = re.match(r'\s*\.\s*tp_name\s*=', code[s:e])
        if m:
            return ' '.join(strip_comments(text[s + m.end():e]).split())
    if parts and not re.match(r'\s*\.', code[parts[0][0]:parts[0][1]]):
        return ' '.join(strip_comments(text[parts[0][0]:parts[0][1]]).split())
    return ''


def main(root):
    rows = []
    modules = os.path.join(root, 'Modules')
    for dirpath, dirnames, filenames in os.walk(modules):
        dirnames.sort()
        for f in sorted(filenames):
            if not (f.endswith('.c') or f.endswith('.h')):
                continue
            path = os.path.join(dirpath, f)
            with open(path, 'rb') as fh:
                text = fh.read().decode('latin-1')
            code = blank(text)
            for m in DEF.finditer(code):
                if in_define(code, m.start()):
                    continue
                rel = os.path.relpath(path, root).replace(os.sep, '/')
                rows.append((rel, m.group(1), tp_name(code, text, m.end() - 1)))
    for r in sorted(rows):
        print('\t'.join(r))


if __name__ == '__main__':
    main(sys.argv[1])
