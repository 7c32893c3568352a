import Foundation

// A compiled formula: a flat array of instructions run by one loop with a
// switch on a one-byte opcode. It is an accumulator machine: every
// instruction computes one value into `acc`, a local the Swift compiler keeps
// in a floating-point register, and also writes it to its register `r[dst]`
// for later instructions to read. A chain of operations (x^2 - 1, times x,
// times 4) therefore flows from one instruction to the next in a machine
// register, and only values read again later make the round trip through
// memory; the write is off the chain of dependent operations. Register 0 is a
// sink for values no later instruction reads.
//
// There is no string, existential or heap allocation per run: the
// register file is a `withUnsafeTemporaryAllocation` buffer on the stack (the
// compiler reuses registers, so it stays small; Swift moves it to the heap
// only when it would not fit on the current thread's stack); inputs are read
// and results written through the caller's closures, inlined into the loop.
//
// The loop and the types it reads are `@inlinable`/`@usableFromInline` so a
// client module compiles the interpreter into its own hot loop.

/// What one instruction does: `acc` is the accumulator, `r` the register file,
/// `x` the input, `c` the instruction's constant. After every instruction but
/// the stores, `r[dst] = acc`.
@usableFromInline
enum FormulaOpcode: UInt8, Sendable {
    /// acc = x[a]
    case load
    /// acc = c
    case constant
    /// acc = r[a]
    case copy
    /// out[dst] = acc  (first output array; no register is written)
    case store
    /// aux[dst] = acc  (second output array; no register is written)
    case storeAux
    /// acc = acc + r[b], r[a] + r[b], acc + c
    case add, addRegisters, addConstant
    /// acc = acc - r[b], r[b] - acc, r[a] - r[b], c - acc
    case subtract, subtractFrom, subtractRegisters, subtractFromConstant
    /// acc = acc * r[b], r[a] * r[b], acc * c
    case multiply, multiplyRegisters, multiplyConstant
    /// acc = acc / r[b], r[b] / acc, r[a] / r[b], acc / c, c / acc
    case divide, divideInto, divideRegisters, divideByConstant, divideConstant
    /// acc = -acc
    case negate
    /// acc = acc * acc, acc * acc * r[b]  (the steps of an integer power)
    case square, squareTimes
    /// acc = pow(acc, c)
    case powerConstant
    /// acc = acc^r[b], r[b]^acc, r[a]^r[b], with the semantics of exp(b log a) (see `FormulaProgram.power`)
    case power, powerOf, powerRegisters
    /// acc = f(acc)
    case exp, log, sqrt, sin, cos, tanh, sigmoid, softplus
}

/// One instruction: an opcode, a destination, up to two register operands and a constant.
@usableFromInline
struct FormulaInstruction: Equatable, Sendable {
    @usableFromInline var op: FormulaOpcode
    @usableFromInline var dst: Int32
    @usableFromInline var a: Int32
    @usableFromInline var b: Int32
    @usableFromInline var c: Double

    @usableFromInline
    init(_ op: FormulaOpcode, _ dst: Int32, a: Int32 = 0, b: Int32 = 0, c: Double = 0) {
        self.op = op
        self.dst = dst
        self.a = a
        self.b = b
        self.c = c
    }
}

/// A straight-line program computing some outputs of a formula.
@usableFromInline
struct FormulaProgram: Equatable, Sendable {
    @usableFromInline let instructions: [FormulaInstruction]
    /// Registers the program uses, the sink included.
    @usableFromInline let registerCount: Int

    init(instructions: [FormulaInstruction], registerCount: Int) {
        self.instructions = instructions
        self.registerCount = max(1, registerCount)
    }

    /// Runs the program: `load(i)` reads input x_i, `store(i, v)` receives the
    /// program's `store` outputs, `storeAux(i, v)` its `storeAux` outputs.
    ///
    /// The three are closures so that a landscape reads its point and writes
    /// its gradient in place, whatever the storage, with no copy into a buffer;
    /// the function is always inlined, so they compile to plain loads and stores.
    /// Nothing non-trivial is captured by the closures below (only the program's
    /// own buffers and the caller's closures), so a step retains and releases nothing.
    @inlinable @inline(__always)
    func run(load: (Int) -> Double, store: (Int, Double) -> Void, storeAux: (Int, Double) -> Void) {
        let registerCount = self.registerCount
        instructions.withUnsafeBufferPointer { code in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: registerCount) { registers in
                let r = registers.baseAddress.unsafelyUnwrapped
                var p = code.baseAddress.unsafelyUnwrapped
                let end = p + code.count
                var acc = 0.0
                while p < end {
                    let i = p.pointee
                    p += 1
                    switch i.op {
                    case .load: acc = load(Int(i.a))
                    case .constant: acc = i.c
                    case .copy: acc = r[Int(i.a)]
                    case .store:
                        store(Int(i.dst), acc)
                        continue
                    case .storeAux:
                        storeAux(Int(i.dst), acc)
                        continue
                    case .add: acc += r[Int(i.b)]
                    case .addRegisters: acc = r[Int(i.a)] + r[Int(i.b)]
                    case .addConstant: acc += i.c
                    case .subtract: acc -= r[Int(i.b)]
                    case .subtractFrom: acc = r[Int(i.b)] - acc
                    case .subtractRegisters: acc = r[Int(i.a)] - r[Int(i.b)]
                    case .subtractFromConstant: acc = i.c - acc
                    case .multiply: acc *= r[Int(i.b)]
                    case .multiplyRegisters: acc = r[Int(i.a)] * r[Int(i.b)]
                    case .multiplyConstant: acc *= i.c
                    case .divide: acc /= r[Int(i.b)]
                    case .divideInto: acc = r[Int(i.b)] / acc
                    case .divideRegisters: acc = r[Int(i.a)] / r[Int(i.b)]
                    case .divideByConstant: acc /= i.c
                    case .divideConstant: acc = i.c / acc
                    case .negate: acc = -acc
                    case .square: acc *= acc
                    case .squareTimes: acc = acc * acc * r[Int(i.b)]
                    case .powerConstant: acc = Foundation.pow(acc, i.c)
                    case .power: acc = Self.power(acc, r[Int(i.b)])
                    case .powerOf: acc = Self.power(r[Int(i.b)], acc)
                    case .powerRegisters: acc = Self.power(r[Int(i.a)], r[Int(i.b)])
                    case .exp: acc = Foundation.exp(acc)
                    case .log: acc = Foundation.log(acc)
                    case .sqrt: acc = acc.squareRoot()
                    case .sin: acc = Foundation.sin(acc)
                    case .cos: acc = Foundation.cos(acc)
                    case .tanh: acc = Foundation.tanh(acc)
                    case .sigmoid: acc = FormulaFunction.sigmoid(acc)
                    case .softplus: acc = FormulaFunction.softplus(acc)
                    }
                    r[Int(i.dst)] = acc
                }
            }
        }
    }

    /// a^b with the semantics of exp(b log a), evaluated as pow(a, b) where that is defined by it (a > 0):
    ///
    /// ```
    /// a^b = pow(a, b)      for a > 0
    ///     = exp(b log a)   otherwise: NaN for a < 0; for a = 0, 0 if b > 0, inf if b < 0, NaN if b = 0
    /// ```
    @inlinable @inline(__always)
    static func power(_ a: Double, _ b: Double) -> Double {
        a > 0 ? Foundation.pow(a, b) : Foundation.exp(b * Foundation.log(a))
    }

    /// Integer exponents up to this magnitude are evaluated by multiplication, larger ones by pow.
    static let multipliedPowers = 16

    /// a^n as a program computes it: for |n| <= `multipliedPowers`, by multiplication
    /// left to right over the bits of |n| (square, then times a where the bit is set:
    /// a^3 = a*a*a, a^5 = (a*a)*(a*a)*a), then 1/p for n < 0; by pow above.
    static func integerPower(_ a: Double, _ n: Int) -> Double {
        let m = n.magnitude
        guard m <= multipliedPowers else { return Foundation.pow(a, Double(n)) }
        var p = a
        for setBit in integerPowerSteps(m) { p = p * p * (setBit ? a : 1) }
        return n < 0 ? 1 / p : p
    }

    /// For m >= 1, the bits of m after the leading one, most significant first: 5 = 101b gives [false, true].
    static func integerPowerSteps(_ m: UInt) -> [Bool] {
        guard m > 1 else { return [] }
        let bits = UInt.bitWidth - m.leadingZeroBitCount
        return (0..<(bits - 1)).reversed().map { m >> UInt($0) & 1 == 1 }
    }
}
