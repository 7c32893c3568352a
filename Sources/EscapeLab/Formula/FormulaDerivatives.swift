// Exact derivatives, written into the expression graph by reverse-mode
// symbolic differentiation: one sweep from the output node down to the
// variables, accumulating for every node u the adjoint node dF/du, with the
// chain rule for each kind of node (u' stands for the adjoint passed down):
//
//     a + b, a - b    a' += u',  b' += u' (resp. -u')
//     a * b           a' += u' b,  b' += u' a
//     a / b = q       a' += u' / b,  b' -= u' q / b
//     -a              a' -= u'
//     a^n             a' += u' n a^(n-1)
//     a^c             a' += u' c a^(c-1)
//     a^b = p         a' += u' b a^(b-1),  b' += u' p log(a)      (a > 0)
//     exp(a) = e      a' += u' e
//     log(a)          a' += u' / a
//     sqrt(a) = s     a' += 0.5 u' / s
//     sin(a), cos(a)  a' += u' cos(a),  a' -= u' sin(a)
//     tanh(a) = t     a' += u' (1 - t^2)
//     sigmoid(a) = s  a' += u' s (1 - s)
//     softplus(a)     a' += u' sigmoid(a)
//
// The derivative nodes reuse the nodes of the function (e, q, s, t above are
// the function's own nodes), and the graph's hash-consing and simplification
// merge what the rule writes twice and drop the terms that vanish. One sweep
// gives the whole gradient; the Hessian is one more sweep per gradient entry,
// of which the upper triangle is kept and mirrored, so it is exactly symmetric.
//
// A sweep visits node indices downwards from the output: operands have
// smaller indices than the nodes using them, so every node's adjoint is
// complete before it is passed on. Nodes the sweep creates get larger
// indices and are never visited.

extension FormulaGraph {
    /// The gradient of node `output` with respect to x0..x(dimension-1), one node per variable.
    mutating func gradient(of output: Int, dimension: Int) -> [Int] {
        var adjoint = [Int](repeating: -1, count: output + 1)
        adjoint[output] = constant(1)
        var gradient = [Int](repeating: -1, count: dimension)
        var k = output
        while k >= 0 {
            defer { k -= 1 }
            let u = adjoint[k]
            guard u >= 0 else { continue }
            // Constants need no adjoint; not writing theirs keeps the graph free of dead nodes.
            func pass(_ a: Int, _ contribution: @autoclosure () -> Int) {
                if case .constant = nodes[a] { return }
                let c = contribution()
                adjoint[a] = adjoint[a] < 0 ? c : add(adjoint[a], c)
            }
            switch nodes[k] {
            case .constant:
                break
            case let .variable(i):
                if i < dimension { gradient[i] = u }
            case let .negate(a):
                pass(a, negate(u))
            case let .add(a, b):
                pass(a, u)
                pass(b, u)
            case let .subtract(a, b):
                pass(a, u)
                pass(b, negate(u))
            case let .multiply(a, b):
                pass(a, multiply(u, b))
                pass(b, multiply(u, a))
            case let .divide(a, b):
                pass(a, divide(u, b))
                pass(b, negate(divide(multiply(u, k), b)))
            case let .integerPower(a, n):
                pass(a, multiply(u, multiply(constant(Double(n)), integerPower(a, n - 1))))
            case let .constantPower(a, bits):
                let c = Double(bitPattern: bits)
                pass(a, multiply(u, multiply(constant(c), power(a, constant(c - 1)))))
            case let .power(a, b):
                pass(a, multiply(u, multiply(b, power(a, subtract(b, constant(1))))))
                pass(b, multiply(u, multiply(k, call(.log, a))))
            case let .call(f, a):
                pass(a, chain(f, of: a, value: k, adjoint: u))
            }
        }
        return gradient.map { $0 < 0 ? constant(0) : $0 }
    }

    /// u' f'(a) as a node, given the node `value` = f(a) and the adjoint u'.
    private mutating func chain(_ f: FormulaFunction, of a: Int, value: Int, adjoint u: Int) -> Int {
        switch f {
        case .exp: return multiply(u, value)
        case .log: return divide(u, a)
        case .sqrt: return divide(multiply(constant(0.5), u), value)
        case .sin: return multiply(u, call(.cos, a))
        case .cos: return negate(multiply(u, call(.sin, a)))
        case .tanh: return multiply(u, subtract(constant(1), integerPower(value, 2)))
        case .sigmoid: return multiply(u, multiply(value, subtract(constant(1), value)))
        case .softplus: return multiply(u, call(.sigmoid, a))
        }
    }

    /// The Hessian of node `output`, row-major, dimension x dimension, from its gradient nodes.
    mutating func hessian(of gradient: [Int]) -> [Int] {
        let d = gradient.count
        var h = [Int](repeating: -1, count: d * d)
        for i in 0..<d {
            let row = self.gradient(of: gradient[i], dimension: d)
            for j in i..<d {
                h[i * d + j] = row[j]
                h[j * d + i] = row[j]
            }
        }
        return h
    }
}
