/*
 * The structural grammar of heapify's island parser: a C file's code tokens as a sequence
 * of balanced groups. Which runs are functions, declarations or initializers is decided on
 * top of this tree (heapify.parse.IslandParser), because unpreprocessed C is full of macros
 * no real C grammar accepts. The grammar is LL(1), so parsing is linear.
 */
parser grammar CBalanced;

options { tokenVocab = CLexer; }

translationUnit : element* EOF ;

element
    : LBRACE element* RBRACE        # braceGroup
    | LPAREN element* RPAREN        # parenGroup
    | LBRACKET element* RBRACKET    # bracketGroup
    | ~(LBRACE | RBRACE | LPAREN | RPAREN | LBRACKET | RBRACKET | EOF)   # leaf
    ;
