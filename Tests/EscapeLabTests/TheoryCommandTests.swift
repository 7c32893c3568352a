import EscapeLab
import EscapeLabTestSupport
import Foundation
import Testing

/// `escapelab theory`: every law through the binary, JSON and table.
@Suite struct TheoryCommandTests {
    func json(_ args: [String]) throws -> JSONDocument {
        let r = try TestSupport.run(["theory", "--format", "json"] + args)
        #expect(r.status == 0, "\(r.stderr)")
        return try JSONParser.parse(r.stdout)
    }

    /// T = lr sigma^2 / 2 = 0.01 x 40 / 2 = 0.2, barrier / T = 5: the mpmath
    /// value 182.4176729855807 of Scripts/mfpt_reference.py (doubleWell, r = 5).
    @Test func exactMFPTMatchesTheIndependentValue() throws {
        let doc = try json(["--landscape", "double-well", "--noise", "gaussian:sigma=6.324555320336759", "--lr", "0.01",
                            "--escape", "x0>=1"])
        let time = try #require(doc["mfpt_time"]?.doubleValue), steps = try #require(doc["mfpt_steps"]?.doubleValue)
        #expect(abs(time / 182.4176729855807 - 1) < 1e-6)
        #expect(abs(steps * 0.01 / time - 1) < 1e-12)
        #expect(abs(try #require(doc["barrier_over_temperature"]?.doubleValue) - 5) < 1e-9)
        // Kramers 2 pi / sqrt(8 x 4) e^5, in time and steps.
        let kramers = try #require(doc["kramers_time"]?.doubleValue)
        #expect(abs(kramers / (2 * Double.pi / 32.0.squareRoot() * exp(5.0)) - 1) < 1e-12)
        #expect(abs(try #require(doc["kramers_steps"]?.doubleValue) * 0.01 / kramers - 1) < 1e-12)
        // Checked once per step, the escape point moves out: a longer passage.
        #expect(try #require(doc["mfpt_discrete_time"]?.doubleValue) > time)
        #expect(doc["saddle_time"]?.isNull == true && doc["levy_steps"]?.isNull == true)
    }

    /// sgd:batch=B with the Hessian frozen at the start: T = lr |U''(-1)| / (2B) = 0.05 x 8 / 2 = 0.2,
    /// the same passage as white noise at T = 0.2.
    @Test func sgdNoiseUsesTheFrozenHessianTemperature() throws {
        let doc = try json(["--landscape", "double-well", "--noise", "sgd:batch=1", "--lr", "0.05", "--escape", "x0>=1"])
        #expect(abs(try #require(doc["temperature"]?.doubleValue) - 0.2) < 1e-12)
        #expect(abs(try #require(doc["mfpt_time"]?.doubleValue) / 182.4176729855807 - 1) < 1e-6)
    }

    /// hessian=local: D = lr |U''| / (2B) vanishes at the inflection points, so no finite MFPT, and a note says why.
    @Test func localHessianNoiseHasNoFiniteMFPT() throws {
        let doc = try json(["--landscape", "double-well", "--noise", "sgd:batch=1,hessian=local", "--lr", "0.01", "--escape", "x0>=1"])
        #expect(doc["mfpt_time"]?.isNull == true && doc["mfpt_steps"]?.isNull == true)
        let notes = try #require(doc["notes"]?.arrayValue)
        #expect(notes.contains { $0.stringValue?.contains("vanishes") == true })
    }

    /// The saddle law written out independently: a = 1 + lr gamma, s^2 = gamma / B,
    /// v = lr^2 s^2 / (a^2 - 1), E[n] = (ln(R^2/v) + gamma_E + ln 2) / (2 ln a) + 1/2;
    /// continuous time (ln(gamma R^2 / D) + gamma_E + ln 2) / (2 gamma), D = lr s^2 / 2.
    @Test func saddleLawInStepsAndTime() throws {
        let doc = try json(["--landscape", "saddle:neg=0.2,pos=1", "--noise", "sgd:batch=1", "--lr", "0.01", "--escape", "radius=1"])
        let gamma = 0.2, lr = 0.01, s2 = 0.2, euler = 0.5772156649015329
        let a = 1 + lr * gamma, v = lr * lr * s2 / (a * a - 1)
        let steps = (log(1 / v) + euler + log(2.0)) / (2 * log(a)) + 0.5
        let time = (log(gamma / (lr * s2 / 2)) + euler + log(2.0)) / (2 * gamma)
        #expect(abs(try #require(doc["saddle_steps"]?.doubleValue) / steps - 1) < 1e-12)
        #expect(abs(try #require(doc["saddle_time"]?.doubleValue) / time - 1) < 1e-12)
        // The exact 1-D passage of the unstable coordinate is close to the asymptotic law (gamma R^2 / D = 200).
        let exact = try #require(doc["saddle_exact_time"]?.doubleValue)
        #expect(abs(exact / time - 1) < 0.01)
        #expect(doc["mfpt_time"]?.isNull == true)
    }

    /// ceil(ln(1 / 0.001) / ln(1.05)) = ceil(141.58) = 142, and the engine takes exactly that many steps.
    @Test func noiseFreeSaddleStepsAreExact() throws {
        let args = ["--landscape", "saddle:neg=0.5,pos=1", "--noise", "none", "--lr", "0.1", "--start", "0.001,0", "--escape", "x0>=1"]
        let doc = try json(args)
        #expect(doc["noise_free_steps"]?.intValue == 142)
        let run = try TestSupport.run(["run", "--trajectories", "1", "--format", "json", "--quiet"] + args)
        #expect(try JSONParser.parse(run.stdout)["mean_escape_steps"]?.doubleValue == 142)
    }

    /// Alpha-stable law with the tail constant from Samorodnitsky-Taqqu,
    /// P(X > x) ~ (C/2) x^(-alpha), C = (1 - alpha) / (Gamma(2 - alpha) cos(pi alpha / 2)):
    /// two barrier tops at distance w = 1, E[n] = 1 / (2 (C/2) (lr sigma / w)^alpha).
    @Test func levyExitLaw() throws {
        let doc = try json(["--landscape", "cosine-well:barrier=1,width=1", "--noise", "levy:alpha=1.5,sigma=0.3", "--lr", "0.01"])
        let alpha = 1.5
        let c = (1 - alpha) / (tgamma(2 - alpha) * cos(Double.pi * alpha / 2))
        let steps = 1 / (2 * (c / 2) * pow(0.01 * 0.3, alpha))
        #expect(abs(try #require(doc["levy_steps"]?.doubleValue) / steps - 1) < 1e-12)
        #expect(abs(try #require(doc["levy_time"]?.doubleValue) / (steps * 0.01) - 1) < 1e-12)
    }

    @Test func tableListsEveryLaw() throws {
        let r = try TestSupport.run(["theory", "--landscape", "double-well", "--noise", "gaussian:sigma=6", "--lr", "0.01"])
        #expect(r.status == 0)
        for law in ["exact MFPT (quadrature)", "Kramers / Eyring-Kramers", "saddle law", "alpha-stable exit law", "escape criterion"] {
            #expect(r.stdout.contains(law), "\(law)")
        }
        let bad = try TestSupport.run(["theory", "--format", "xml"])
        #expect(bad.status == 64)
    }

    /// cosine-well leaves its basin over either of two tops, and radius=w is
    /// met on them: Kramers' rate doubles and the time to the top is half the
    /// crossing time, so the estimate is a quarter of the one-saddle formula.
    /// T = 0.08 (barrier / T = 12.5): the exact MFPT is the reference; the
    /// bound 10% is Kramers' O(T / barrier) asymptotic error. Without the two
    /// corrections the estimate would be 3.8 times the exact value.
    @Test func kramersCountsEveryExitAndStopsAtTheTop() throws {
        let doc = try json(["--landscape", "cosine-well:barrier=1,width=1", "--noise", "gaussian:sigma=4", "--lr", "0.01"])
        let kramers = try #require(doc["kramers_time"]?.doubleValue), exact = try #require(doc["mfpt_time"]?.doubleValue)
        let single = 2 * Double.pi / (0.5 * Double.pi * Double.pi) * exp(1 / 0.08)
        #expect(abs(kramers / (single / 4) - 1) < 1e-12)
        #expect(abs(kramers / exact - 1) < 0.10, "Kramers \(kramers) vs exact \(exact)")
        // A criterion on one coordinate watches one of the two exits: no estimate.
        let one = try json(["--landscape", "cosine-well:barrier=1,width=1", "--noise", "gaussian:sigma=4", "--lr", "0.01",
                            "--escape", "x0>=0.5"])
        #expect(one["kramers_time"]?.isNull == true)
    }

    /// styblinski-tang in d dimensions has d equivalent saddles (any one
    /// coordinate crosses its maximum); the extra stable eigenvalues cancel in
    /// the prefactor, so Kramers' time in 2-D is exactly half the 1-D one.
    @Test func kramersSumsTheEquivalentSaddlesOfStyblinskiTang() throws {
        let args = ["--noise", "gaussian:sigma=20", "--lr", "0.01"]
        let one = try #require(try json(["--landscape", "styblinski-tang:dim=1"] + args)["kramers_time"]?.doubleValue)
        let two = try #require(try json(["--landscape", "styblinski-tang:dim=2"] + args)["kramers_time"]?.doubleValue)
        let four = try #require(try json(["--landscape", "styblinski-tang:dim=4"] + args)["kramers_time"]?.doubleValue)
        #expect(abs(two / one - 0.5) < 1e-12)
        #expect(abs(four / one - 0.25) < 1e-12)
    }
}
