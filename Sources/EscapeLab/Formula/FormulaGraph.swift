import Foundation

// The expression graph a formula and its derivatives are built in. Nodes are
// hash-consed: asking for a node that exists returns the existing index, so a
// subexpression that occurs twice (in the formula, or in the derivatives the
// chain rule writes) is one node and is computed once. Operands always have
// smaller indices than the node, so the array is in topological order and
// every pass over the graph is a loop over indices, never a recursion.
//
// Nodes are made only through the constructors below, which simplify as they
// build. The rewrites are exact in IEEE arithmetic for finite operands, or
// change a result by a rounding at most (marked ~):
//   constants:   an operation on constants is folded when the result is
//                finite (a non-finite fold, e.g. log(0), stays an operation so
//                that the program keeps it and evaluates it as written);
//   identities:  a+0, a-0, 0-a = -a, a*1, a*(-1) = -a, a/1, a-a = 0, a+a = 2a,
//                a*a = a^2, a^0 = 1, a^1 = a;
//   zeros:       a*0 = 0, 0/a = 0 (this assumes a is finite: the derivative
//                of a term that does not depend on x_i is 0, not 0*inf);
//   signs:       -(-a) = a, -(a-b) = b-a, a+(-b) = a-b, a-(-b) = a+b,
//                (-a)*b = -(a*b), (-a)/b = -(a/b), (-a)^n = a^n (n even),
//                c*(-a) = (-c)*a, -(c*a) = (-c)*a;
//   ~ constants: c1*(c2*a) = (c1 c2)*a, (c1*a)*(c2*b) = (c1 c2)*(a*b) and
//                (c*a)*b = c*(a*b), so constants from the chain rule meet and fold;
//   commutation: the operands of + and * are stored in index order, so
//                a*b and b*a are one node.
// Integer powers a^n keep their exponent so that the derivative is n*a^(n-1);
// programs evaluate them by multiplication (see `FormulaProgram.integerPower`).

/// One node of the expression graph; operands are indices of earlier nodes.
enum FormulaGraphNode: Hashable, Sendable {
    /// A finite constant, by bit pattern (so -0.0 and 0.0 stay apart).
    case constant(UInt64)
    case variable(Int)
    case negate(Int)
    case add(Int, Int)
    case subtract(Int, Int)
    case multiply(Int, Int)
    case divide(Int, Int)
    /// a^n for an integer n other than 0 and 1.
    case integerPower(Int, Int)
    /// a^c for a constant c that is not an integer (bit pattern of c).
    case constantPower(Int, UInt64)
    /// a^b for a non-constant b, with the semantics of exp(b log a): defined for a > 0.
    case power(Int, Int)
    case call(FormulaFunction, Int)
}

/// A hash-consed, simplifying expression graph.
struct FormulaGraph: Sendable {
    private(set) var nodes: [FormulaGraphNode] = []
    private var indices: [FormulaGraphNode: Int] = [:]

    /// The index of `node`, adding it if it is new.
    private mutating func intern(_ node: FormulaGraphNode) -> Int {
        if let k = indices[node] { return k }
        nodes.append(node)
        indices[node] = nodes.count - 1
        return nodes.count - 1
    }

    /// The value of node `k` if it is a constant.
    func constantValue(_ k: Int) -> Double? {
        if case let .constant(bits) = nodes[k] { return Double(bitPattern: bits) }
        return nil
    }

    private func isConstant(_ k: Int, _ v: Double) -> Bool { constantValue(k) == v }

    /// The constant `v`; must be finite.
    mutating func constant(_ v: Double) -> Int {
        precondition(v.isFinite, "graph constants are finite")
        return intern(.constant(v.bitPattern))
    }

    mutating func variable(_ i: Int) -> Int { intern(.variable(i)) }

    /// `node` folded to a constant if `value` (its value when every operand is constant) is finite.
    private mutating func folded(_ value: Double?, else node: FormulaGraphNode) -> Int {
        if let value, value.isFinite { return constant(value) }
        return intern(node)
    }

    /// Both operands' values when both are constants.
    private func constants(_ a: Int, _ b: Int) -> (Double, Double)? {
        guard let x = constantValue(a), let y = constantValue(b) else { return nil }
        return (x, y)
    }

    mutating func negate(_ a: Int) -> Int {
        switch nodes[a] {
        case let .constant(bits): return constant(-Double(bitPattern: bits))
        case let .negate(x): return x
        case let .subtract(x, y): return subtract(y, x)
        default:
            if let (c, x) = scaled(a) { return multiply(constant(-c), x) }
            return intern(.negate(a))
        }
    }

    mutating func add(_ a: Int, _ b: Int) -> Int {
        if let (x, y) = constants(a, b) { return folded(x + y, else: .add(min(a, b), max(a, b))) }
        if isConstant(a, 0) { return b }
        if isConstant(b, 0) { return a }
        if a == b { return multiply(constant(2), a) }
        if case let .negate(y) = nodes[b] { return subtract(a, y) }
        if case let .negate(x) = nodes[a] { return subtract(b, x) }
        return intern(.add(min(a, b), max(a, b)))
    }

    mutating func subtract(_ a: Int, _ b: Int) -> Int {
        if let (x, y) = constants(a, b) { return folded(x - y, else: .subtract(a, b)) }
        if isConstant(b, 0) { return a }
        if isConstant(a, 0) { return negate(b) }
        if a == b { return constant(0) }
        if case let .negate(y) = nodes[b] { return add(a, y) }
        if case let .negate(x) = nodes[a] { return negate(add(x, b)) }
        return intern(.subtract(a, b))
    }

    /// (c, x) when node `k` is c*x with c constant.
    private func scaled(_ k: Int) -> (Double, Int)? {
        guard case let .multiply(p, q) = nodes[k] else { return nil }
        if let c = constantValue(p) { return (c, q) }
        if let c = constantValue(q) { return (c, p) }
        return nil
    }

    mutating func multiply(_ a: Int, _ b: Int) -> Int {
        if let (x, y) = constants(a, b) { return folded(x * y, else: .multiply(min(a, b), max(a, b))) }
        if constantValue(b) != nil, constantValue(a) == nil { return multiply(b, a) }
        // From here on only a may be constant.
        if let c = constantValue(a) {
            if c == 0 { return a }
            if c == 1 { return b }
            if c == -1 { return negate(b) }
            if case let .negate(y) = nodes[b] { return multiply(constant(-c), y) }
            if let (d, y) = scaled(b), (c * d).isFinite { return multiply(constant(c * d), y) }
        }
        if a == b { return integerPower(a, 2) }
        if case let .negate(x) = nodes[a] { return negate(multiply(x, b)) }
        if case let .negate(y) = nodes[b] { return negate(multiply(a, y)) }
        if constantValue(a) == nil {
            switch (scaled(a), scaled(b)) {
            case let ((c, x)?, (d, y)?) where (c * d).isFinite: return multiply(constant(c * d), multiply(x, y))
            case let ((c, x)?, nil): return multiply(constant(c), multiply(x, b))
            case let (nil, (d, y)?): return multiply(constant(d), multiply(a, y))
            default: break
            }
        }
        return intern(.multiply(min(a, b), max(a, b)))
    }

    mutating func divide(_ a: Int, _ b: Int) -> Int {
        if let (x, y) = constants(a, b) { return folded(x / y, else: .divide(a, b)) }
        if isConstant(a, 0) { return a }
        if isConstant(b, 1) { return a }
        if isConstant(b, -1) { return negate(a) }
        if case let .negate(x) = nodes[a] { return negate(divide(x, b)) }
        if case let .negate(y) = nodes[b] { return negate(divide(a, y)) }
        return intern(.divide(a, b))
    }

    /// a^b: an integer power, a constant power, or exp(b log a) for a non-constant b.
    mutating func power(_ a: Int, _ b: Int) -> Int {
        guard let e = constantValue(b) else { return intern(.power(a, b)) }
        if e == e.rounded(), abs(e) <= 1e9 { return integerPower(a, Int(e)) }
        if let x = constantValue(a) { return folded(Foundation.pow(x, e), else: .constantPower(a, e.bitPattern)) }
        return intern(.constantPower(a, e.bitPattern))
    }

    mutating func integerPower(_ a: Int, _ n: Int) -> Int {
        if n == 0 { return constant(1) }
        if n == 1 { return a }
        if let x = constantValue(a) { return folded(FormulaProgram.integerPower(x, n), else: .integerPower(a, n)) }
        if case let .negate(x) = nodes[a] {
            return n % 2 == 0 ? integerPower(x, n) : negate(integerPower(x, n))
        }
        return intern(.integerPower(a, n))
    }

    mutating func call(_ f: FormulaFunction, _ a: Int) -> Int {
        folded(constantValue(a).map { f($0) }, else: .call(f, a))
    }
}
