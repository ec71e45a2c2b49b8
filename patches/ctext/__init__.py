"""Just enough C to find things: the one C-text toolkit of the project.

This is not a C parser.  It masks comments and string literals, then reads tokens, brackets,
functions, statements, declarations and calls off the masked text.  spatch is the authority on what
parses; this package only says where to look.

    lex        tokens, mask, norm, keywords, line offsets, bracket matching, top-level splitting
    functions  the function definitions of a file (lines and offsets)
    blocks     statements: block items by offset, complete statements by line, quoted-line groups
    names      declarations; where a name is read, written or passed
    calls      calls and their arguments
"""
from patches.ctext.blocks import (Item, Stmt, all_statements, block_items, item_end, line_groups, skip_blanks,
                                  statements)
from patches.ctext.calls import Call, calls
from patches.ctext.functions import Function, function_at, function_named, function_span, functions
from patches.ctext.lex import (COMPILER_KEYWORDS, CONSTANTS, KEYWORDS, STATEMENT_KEYWORDS, TYPE_KEYWORDS, Span,
                               c_tokens, closing, line_at, line_of, line_offsets, mask, norm, offset_of_line,
                               opening, pretty, same_tokens, split_args, split_commas, split_lines, split_top,
                               token_spans, tokens, top_level, trimmed)
from patches.ctext.names import (Declaration, begins_declaration, decl_parts, declaration, declared_names,
                                 is_declaration, needs_parens, occurrences, passed, read_names, writes)

__all__ = [
    "COMPILER_KEYWORDS", "CONSTANTS", "KEYWORDS", "STATEMENT_KEYWORDS", "TYPE_KEYWORDS",
    "Call", "Declaration", "Function", "Item", "Span", "Stmt",
    "all_statements", "begins_declaration", "block_items", "c_tokens", "calls", "closing", "decl_parts", "declaration",
    "declared_names",
    "function_at", "function_named", "function_span", "functions", "is_declaration", "item_end",
    "line_at", "line_groups", "line_of", "line_offsets", "mask", "needs_parens", "norm", "occurrences",
    "offset_of_line", "opening", "passed", "pretty", "read_names", "same_tokens", "skip_blanks", "split_args",
    "split_commas", "split_lines", "split_top",
    "statements", "token_spans", "tokens", "top_level", "trimmed", "writes",
]
