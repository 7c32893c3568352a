// The canonical spelling of a parsed formula: the same tree written with the
// fewest parentheses that reparse to it, spaces around + and - only, and each
// number in its shortest round-trip form (whole numbers below 1e15 without a
// fraction, others as Swift prints a Double: 0.1, 1e-05, 2.5e+20). Parsing the
// canonical text gives back the identical tree, hence identical programs.
//
// Which operands need parentheses, by precedence (+ - : 1, * / : 2, sign: 3,
// ^ : 4, atoms: 5):
// - left operand of + - * /: when its precedence is lower than the operator's;
// - right operand of + - * /: when it is not higher (a - (b - c) keeps its
//   parentheses, and so does a + (b + c): the tree differs from a + b + c);
//   a negated right operand is parenthesised for legibility: x0*(-x1);
// - base of ^: unless it is an atom ((-x0)^2, (x0^2)^3);
// - exponent of ^ and operand of a sign: unless it is a sign, power or atom
//   (x0^-2 and x0^2^3 need none; a doubled sign is written -(-x0)).
//
// The tree is printed with an explicit stack, not by recursion, so a chain of
// thousands of terms prints as easily as a short one.

extension FormulaSyntax {
    /// The canonical text of the tree (see the top of this file).
    var canonicalText: String {
        enum Work {
            case node(Int, parenthesised: Bool)
            case text(String)
        }
        var out = ""
        var stack: [Work] = [.node(root, parenthesised: false)]
        while let work = stack.popLast() {
            switch work {
            case let .text(s):
                out += s
            case let .node(k, parenthesised):
                if parenthesised {
                    out += "("
                    stack.append(.text(")"))
                }
                switch nodes[k] {
                case let .number(v):
                    out += Self.spell(v)
                case let .variable(i):
                    out += "x\(i)"
                case let .call(f, a):
                    out += f.rawValue + "("
                    stack.append(.text(")"))
                    stack.append(.node(a, parenthesised: false))
                case let .negate(a):
                    out += "-"
                    stack.append(.node(a, parenthesised: precedence(a) < 4))
                case let .binary(op, a, b):
                    let p = op.precedence
                    let right: Bool
                    let left: Bool
                    if op == .power {
                        left = precedence(a) < 5
                        right = precedence(b) < 3
                    } else {
                        left = precedence(a) < p
                        right = precedence(b) <= p || precedence(b) == 3
                    }
                    // Pushed in reverse: the right operand is printed last.
                    stack.append(.node(b, parenthesised: right))
                    stack.append(.text(op == .add || op == .subtract ? " \(op.rawValue) " : String(op.rawValue)))
                    stack.append(.node(a, parenthesised: left))
                }
            }
        }
        return out
    }

    /// The precedence of a node as an operand (5 for atoms).
    private func precedence(_ k: Int) -> Int {
        switch nodes[k] {
        case .number, .variable, .call: return 5
        case .negate: return 3
        case let .binary(op, _, _): return op.precedence
        }
    }

    /// The shortest text that parses back to `v` (a finite, non-negative literal).
    static func spell(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return v.description
    }
}
