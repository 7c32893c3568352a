import Foundation
import Testing
@testable import EscapeLab

/// Each parameter is declared once; parsing, the canonical spec and the
/// listings all come from the declarations. Here: every family's default spec
/// renders exactly its declared keys and reads back as itself, and spec texts
/// of every kind round-trip.
@Suite struct SpecDeclarationTests {
    @Test func everyLandscapeRendersItsDeclaredKeysAndRoundTrips() throws {
        for type in Registry.builtIn.landscapes where type.specName != "formula" {
            let l = try Registry.builtIn.landscape(parsing: type.specName)
            let keys = l.spec.split(separator: ":", maxSplits: 1).dropFirst().first.map {
                $0.split(separator: ",").map { String($0.split(separator: "=")[0]) }
            } ?? []
            let declared = type.listing.parameters.map(\.key)
            #expect(Set(keys).isSubset(of: Set(declared)), "\(l.spec) renders undeclared keys")
            #expect(try Registry.builtIn.landscape(parsing: l.spec).spec == l.spec)
        }
    }

    static let optimizerSpecs = [
        "sgd", "sgd:momentum=0.9,nesterov=true", "adam", "adam:amsgrad=true", "adam:amsgrad=vhat,beta1=0.5",
        "adamw", "adamw:weight-decay=0", "rmsprop:centered=yes", "adagrad:lr-decay=0.1", "adai:beta0=0.2",
    ]

    @Test(arguments: optimizerSpecs)
    func optimizerSpecsRoundTrip(_ text: String) throws {
        let o = try OptimizerSpec(parsing: text)
        #expect(try OptimizerSpec(parsing: o.spec) == o)
        #expect(try OptimizerSpec(parsing: o.spec).spec == o.spec)
    }

    static let noiseSpecs = [
        "none", "gaussian", "gaussian:sigma=2.5", "sgd:batch=4", "sgd:batch=2,hessian=local", "levy:alpha=1.2",
        "student-t:nu=4,sigma=0.5", "minibatch:batch=3,replacement=true", "shaped:shape=hessian,trace=0.5,at=start",
        "covariance:matrix=2;0.5;0.5;1",
    ]

    @Test(arguments: noiseSpecs)
    func noiseSpecsRoundTrip(_ text: String) throws {
        let n = try NoiseSpec(parsing: text)
        #expect(try NoiseSpec(parsing: n.spec) == n)
        #expect(try NoiseSpec(parsing: n.spec).spec == n.spec)
    }

    @Test func defaultsComeFromTheDeclarations() throws {
        #expect(try OptimizerSpec(parsing: "adamw") == .adam(AdamConfig(weightDecay: 0.01, decoupled: true)))
        #expect(try OptimizerSpec(parsing: "adam").spec == "adam:beta1=0.9,beta2=0.999,eps=1e-08,weight-decay=0,amsgrad=false")
        #expect(try NoiseSpec(parsing: "sgd").spec == "sgd:batch=1,hessian=start")
        let listed = OptimizerSpec.catalog.first { $0.name == "adamw" }!.parameters.first { $0.key == "weight-decay" }!
        #expect(listed.defaultText == "0.01")
    }

    @Test func covarianceMatricesAreChecked() {
        for bad in ["covariance:matrix=1;2;3", "covariance:matrix=1;2;0;1", "covariance:matrix=1;0;0;-1", "covariance:matrix=a"] {
            #expect(throws: SpecError.self, "\(bad)") { try NoiseSpec(parsing: bad) }
        }
    }

    @Test func libraryErrorsNameTheThingNotAFlag() {
        do {
            _ = try Problem(parsingLandscape: "double-well", optimizer: "sgd", learningRate: 0, noise: "none",
                            start: { nil }, escape: nil, maxSteps: 1)
            Issue.record("lr 0 was accepted")
        } catch let e as SpecError {
            #expect(e.description == "invalid learning rate '0.0': expected a finite learning rate > 0")
            #expect(e.message(naming: { $0 == .learningRate ? "--lr" : "?" }).hasPrefix("invalid --lr '0.0'"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
