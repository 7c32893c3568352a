// Compiles chosen nodes of an expression graph into a `FormulaProgram` for
// the accumulator machine described in FormulaProgram.swift.
//
// 1. Only the nodes the outputs depend on are compiled, each once, whichever
//    outputs share it, in a depth-first postorder from the outputs (so most
//    nodes come right after their last operand).
// 2. An operand computed by the instruction just before is taken from the
//    accumulator (with the reversed form, r[b] - acc, r[b] / acc, when it is
//    the right operand); others are read from registers.
// 3. Constant operands become the instruction's immediate (acc + c, c - acc,
//    acc * c, acc / c, c / acc; acc - c is acc + (-c), exactly); a constant
//    is put in a register only when no such form exists (an output, 2^x).
// 4. An integer power a^n with |n| <= 16 becomes squarings over the bits of
//    |n| (a^2 = a*a, a^3 = a*a*a, a^5 = (a*a)*(a*a)*a), then 1/p for n < 0;
//    larger exponents use pow.
// 5. Registers are reused: a register is freed after the last instruction
//    reading it (which may then write its result there, having read first).
//    A value no instruction reads goes to the sink, register 0. An output is
//    stored right after it is computed.

/// Where a compiled program writes a node's value.
struct FormulaOutput {
    enum Array { case out, aux }
    var node: Int
    var array: Array
    var index: Int
}

extension FormulaGraph {
    /// One instruction before registers are assigned: operands are node indices (-1: none).
    private struct Step {
        var op: FormulaOpcode
        var a = -1
        var b = -1
        var variable: Int32 = 0
        var c = 0.0
    }

    /// A program computing the `outputs` nodes.
    func compile(_ outputs: [FormulaOutput]) -> FormulaProgram {
        var stores: [Int: [FormulaOutput]] = [:]
        for o in outputs { stores[o.node, default: []].append(o) }

        let order = schedule(outputs.map(\.node).sorted())
        var reads = [Int](repeating: 0, count: nodes.count)
        var plans: [[Step]] = []
        plans.reserveCapacity(order.count)
        for (n, k) in order.enumerated() {
            let plan = steps(k, accumulator: n > 0 ? order[n - 1] : -1)
            for step in plan {
                if step.a >= 0 { reads[step.a] += 1 }
                if step.b >= 0 { reads[step.b] += 1 }
            }
            plans.append(plan)
        }

        var code: [FormulaInstruction] = []
        var register = [Int32](repeating: 0, count: nodes.count)
        var free: [Int32] = []
        var registerCount: Int32 = 1 // register 0 is the sink
        for (k, plan) in zip(order, plans) {
            for step in plan {
                for a in [step.a, step.b] where a >= 0 {
                    reads[a] -= 1
                    if reads[a] == 0 { free.append(register[a]) }
                }
            }
            var d: Int32 = 0
            if reads[k] > 0 {
                if let r = free.popLast() {
                    d = r
                } else {
                    d = registerCount
                    registerCount += 1
                }
            }
            register[k] = d
            for (s, step) in plan.enumerated() {
                // Only the last step writes the node's register: an earlier one could
                // overwrite an operand that a later step still reads.
                code.append(FormulaInstruction(step.op, s == plan.count - 1 ? d : 0,
                                               a: step.op == .load ? step.variable : step.a >= 0 ? register[step.a] : 0,
                                               b: step.b >= 0 ? register[step.b] : 0, c: step.c))
            }
            for o in stores[k] ?? [] {
                code.append(FormulaInstruction(o.array == .out ? .store : .storeAux, Int32(o.index)))
            }
        }
        return FormulaProgram(instructions: code, registerCount: Int(registerCount))
    }

    /// The nodes `outputs` need, each after its operands: a depth-first postorder from
    /// each output in turn, so that a node tends to come right after its last operand
    /// and take it from the accumulator. The walk keeps its own stack: graphs may be
    /// thousands of nodes deep.
    private func schedule(_ outputs: [Int]) -> [Int] {
        var order: [Int] = []
        var done = [Bool](repeating: false, count: nodes.count)
        var stack: [(node: Int, expanded: Bool)] = []
        for o in outputs {
            stack.append((o, false))
            while let (k, expanded) = stack.popLast() {
                if done[k] { continue }
                if expanded {
                    done[k] = true
                    order.append(k)
                    continue
                }
                stack.append((k, true))
                for a in valueOperands(k).reversed() where !done[a] { stack.append((a, false)) }
            }
        }
        return order
    }

    /// The operands of node `k` whose values its steps need (constants with an immediate form are not).
    private func valueOperands(_ k: Int) -> [Int] {
        switch nodes[k] {
        case .constant, .variable:
            return []
        case let .negate(a), let .integerPower(a, _), let .constantPower(a, _), let .call(_, a):
            return [a]
        case let .add(a, b), let .subtract(a, b), let .multiply(a, b), let .divide(a, b):
            if constantValue(a) != nil { return [b] }
            if constantValue(b) != nil { return [a] }
            return [a, b]
        case let .power(a, b):
            return [a, b]
        }
    }

    /// The steps computing node `k` into the accumulator, given the node it holds before.
    private func steps(_ k: Int, accumulator: Int) -> [Step] {
        /// Brings `a` into the accumulator if it is not there.
        func fetch(_ a: Int) -> [Step] { a == accumulator ? [] : [Step(op: .copy, a: a)] }
        /// A binary operation: with an immediate when an operand is constant, from the accumulator
        /// when an operand is there, else from two registers.
        func binary(_ a: Int, _ b: Int, _ op: FormulaOpcode, reversed: FormulaOpcode, registers: FormulaOpcode,
                    constantLeft: FormulaOpcode, constantRight: FormulaOpcode, right: (Double) -> Double = { $0 }) -> [Step] {
            if let c = constantValue(a) { return fetch(b) + [Step(op: constantLeft, c: c)] }
            if let c = constantValue(b) { return fetch(a) + [Step(op: constantRight, c: right(c))] }
            if a == accumulator { return [Step(op: op, b: b)] }
            if b == accumulator { return [Step(op: reversed, b: a)] }
            return [Step(op: registers, a: a, b: b)]
        }
        switch nodes[k] {
        case let .constant(bits):
            return [Step(op: .constant, c: Double(bitPattern: bits))]
        case let .variable(i):
            return [Step(op: .load, variable: Int32(i))]
        case let .negate(a):
            return fetch(a) + [Step(op: .negate)]
        case let .add(a, b):
            return binary(a, b, .add, reversed: .add, registers: .addRegisters,
                          constantLeft: .addConstant, constantRight: .addConstant)
        case let .subtract(a, b):
            return binary(a, b, .subtract, reversed: .subtractFrom, registers: .subtractRegisters,
                          constantLeft: .subtractFromConstant, constantRight: .addConstant, right: { -$0 })
        case let .multiply(a, b):
            return binary(a, b, .multiply, reversed: .multiply, registers: .multiplyRegisters,
                          constantLeft: .multiplyConstant, constantRight: .multiplyConstant)
        case let .divide(a, b):
            return binary(a, b, .divide, reversed: .divideInto, registers: .divideRegisters,
                          constantLeft: .divideConstant, constantRight: .divideByConstant)
        case let .integerPower(a, n):
            guard n.magnitude <= FormulaProgram.multipliedPowers else {
                return fetch(a) + [Step(op: .powerConstant, c: Double(n))]
            }
            let squarings = FormulaProgram.integerPowerSteps(n.magnitude).map { Step(op: $0 ? .squareTimes : .square, b: $0 ? a : -1) }
            return fetch(a) + squarings + (n < 0 ? [Step(op: .divideConstant, c: 1)] : [])
        case let .constantPower(a, bits):
            return fetch(a) + [Step(op: .powerConstant, c: Double(bitPattern: bits))]
        case let .power(a, b):
            if a == accumulator { return [Step(op: .power, b: b)] }
            if b == accumulator { return [Step(op: .powerOf, b: a)] }
            return [Step(op: .powerRegisters, a: a, b: b)]
        case let .call(f, a):
            let op: FormulaOpcode
            switch f {
            case .exp: op = .exp
            case .log: op = .log
            case .sqrt: op = .sqrt
            case .sin: op = .sin
            case .cos: op = .cos
            case .tanh: op = .tanh
            case .sigmoid: op = .sigmoid
            case .softplus: op = .softplus
            }
            return fetch(a) + [Step(op: op)]
        }
    }
}
