// The parsed formula exactly as written, before any simplification: the
// nodes of its tree in postorder (every child before its parent, the root
// last). Keeping the tree flat lets every pass over it (printing, building the
// expression graph) be a loop instead of a recursion, so a long chain such as
// x0 + x0 + ... + x0 cannot overflow the stack however deep the tree is.

/// A parsed formula: its tree in postorder and the variables it names.
struct FormulaSyntax: Equatable, Sendable {
    /// A binary operator, in the order of its precedence levels.
    enum Operator: Character, Sendable {
        case add = "+", subtract = "-", multiply = "*", divide = "/", power = "^"

        /// 1 for + -, 2 for * /, 4 for ^ (3 is the unary sign, between them).
        var precedence: Int {
            switch self {
            case .add, .subtract: return 1
            case .multiply, .divide: return 2
            case .power: return 4
            }
        }
    }

    /// One node; operands are indices of earlier nodes.
    enum Node: Equatable, Sendable {
        case number(Double)
        case variable(Int)
        case negate(Int)
        case binary(Operator, Int, Int)
        case call(FormulaFunction, Int)
    }

    /// Every node, children before parents; the root is the last one.
    var nodes: [Node]

    /// The index of the root node.
    var root: Int { nodes.count - 1 }

    /// 1 + the highest variable index named, at least 1.
    var dimension: Int {
        var highest = 0
        for case let .variable(i) in nodes { highest = max(highest, i) }
        return highest + 1
    }
}
