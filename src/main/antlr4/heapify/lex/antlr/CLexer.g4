/*
 * A lossless lexer for unpreprocessed C.
 *
 * Every input character belongs to exactly one token, so concatenating the token
 * texts gives back the file. Whitespace, newlines, comments and preprocessor lines
 * go to hidden channels; anything the C grammar does not know (stray '@', '$', '`',
 * non-ASCII, an unterminated string) becomes a token of its own instead of an error.
 */
lexer grammar CLexer;

channels { COMMENTS, DIRECTIVES }

@members {
    /**
     * Evaluated just after a '#': true when only spaces and tabs stand between the last line
     * break (or the file start) and the '#'. The predicate sits after the '#' so that the
     * lexer's DFA stays cacheable for every other token (a leading predicate made lexing 30x slower).
     */
    private boolean hashAtLineStart() {
        int i = -2;
        while (true) {
            int c = _input.LA(i);
            if (c == org.antlr.v4.runtime.IntStream.EOF || c == '\n' || c == '\r') return true;
            if (c != ' ' && c != '\t' && c != '\f' && c != '\u000b') return false;
            i--;
        }
    }
}

// A preprocessor line: from '#' at the start of a line to the end of the line, with
// backslash-newline continuations and block comments (which may span lines) inside.
DIRECTIVE
    : '#' {hashAtLineStart()}? DirectiveChar* -> channel(DIRECTIVES)
    ;

fragment DirectiveChar
    : '\\' '\r'? '\n'
    | '/*' .*? '*/'
    | '\\'
    | ~[\r\n\\]
    ;

BLOCK_COMMENT : '/*' .*? '*/' -> channel(COMMENTS) ;
// A comment with no '*/': runs to the end of the file, as it does for a compiler. It never
// contains "*/", so for a closed comment BLOCK_COMMENT is the longer match and wins.
UNTERMINATED_COMMENT : '/*' ( ~'*' | '*'+ ~[*/] )* '*'* -> channel(COMMENTS) ;
LINE_COMMENT : '//' ( '\\' '\r'? '\n' | ~[\r\n] )* -> channel(COMMENTS) ;

NEWLINE : ( '\r'? '\n' | '\r' ) -> channel(HIDDEN) ;
WS : [ \t\f\u000b]+ -> channel(HIDDEN) ;
LINE_CONTINUATION : '\\' '\r'? '\n' -> channel(HIDDEN) ;

STRING : EncodingPrefix? '"' ( ~["\\\r\n] | '\\' ( '\r'? '\n' | ~[\r\n] ) )* '"' ;
// A string with no closing quote on its line: reported by the parser, kept here.
UNTERMINATED_STRING : EncodingPrefix? '"' ( ~["\\\r\n] | '\\' ( '\r'? '\n' | ~[\r\n] ) )* ;
CHAR : EncodingPrefix? '\'' ( ~['\\\r\n] | '\\' ~[\r\n] )+ '\'' ;
// A character constant with no closing quote on its line (a lone quote included): reported by
// the lexer, kept here, as gcc reports "missing terminating ' character".
UNTERMINATED_CHAR : EncodingPrefix? '\'' ( ~['\\\r\n] | '\\' ~[\r\n] )* ;
fragment EncodingPrefix : 'u8' | 'u' | 'U' | 'L' ;

IDENTIFIER : [a-zA-Z_] [a-zA-Z_0-9]* ;
// pp-number: digits, letters, dots, and signed exponents.
NUMBER : '.'? [0-9] ( [a-zA-Z_0-9.] | [eEpP] [+-] )* ;

LBRACE : '{' ;
RBRACE : '}' ;
LPAREN : '(' ;
RPAREN : ')' ;
LBRACKET : '[' ;
RBRACKET : ']' ;
SEMI : ';' ;
COMMA : ',' ;
ASSIGN : '=' ;
DOT : '.' ;
STAR : '*' ;
AMP : '&' ;
ARROW : '->' ;
ELLIPSIS : '...' ;
PUNCT
    : '<<=' | '>>=' | '++' | '--' | '&&' | '||' | '==' | '!=' | '<=' | '>=' | '<<' | '>>'
    | '+=' | '-=' | '*=' | '/=' | '%=' | '&=' | '^=' | '|=' | '##'
    | [+\-/%^|~!<>?:#]
    ;

// Anything else ('@', '$', '`', non-ASCII, NUL): kept as it is.
OTHER : . ;
