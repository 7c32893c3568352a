import EscapeLab
import EscapeLabTestSupport
import Foundation
import Testing

/// The command-line contract: summary JSON keys, CSV and table output,
/// records, trace, theory, list, and merge through the binary.
@Suite struct CLIOutputTests {
    static let problem = ["--landscape", "double-well:barrier=1,k=1", "--noise", "gaussian:sigma=7", "--lr", "0.01",
                          "--escape", "x0>=0.5", "--max-steps", "100000", "--seed", "9", "--quiet"]

    @Test func summaryJSONHasTheDocumentedKeys() throws {
        let r = try TestSupport.run(["run", "--trajectories", "200", "--format", "json"] + Self.problem)
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try JSONParser.parse(r.stdout)
        // The top-level keys in the order printed (two-space indent).
        let keys = r.stdout.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("  \""), !line.hasPrefix("   ") else { return nil }
            return String(line.dropFirst(3).prefix { $0 != "\"" })
        }
        #expect(keys == ["version", "config", "trajectories", "escaped", "censored", "diverged",
                                    "mean_escape_steps", "mean_escape_steps_se", "median_escape_steps", "quantiles",
                                    "mean_escape_time", "escape_rate_per_step", "escape_rate_ci95", "km_median_steps",
                                    "total_steps", "elapsed_seconds", "steps_per_second", "threads"])
        #expect(doc["config"]?["optimizer"]?.stringValue == "sgd:momentum=0,dampening=0,nesterov=false,weight-decay=0")
        #expect(doc["config"]?["escape"]?.stringValue == "x0>=0.5")
        #expect(doc["trajectories"]?.intValue == 200)
        let mean = try #require(doc["mean_escape_steps"]?.doubleValue)
        #expect(abs(try #require(doc["mean_escape_time"]?.doubleValue) - mean * 0.01) < 1e-9)
        #expect(doc["quantiles"]?["p95"] != nil)
        #expect(doc["escape_rate_ci95"]?.arrayValue?.count == 2)
    }

    @Test func tableCSVRecordsAndOutputAgree() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let table = try TestSupport.run(["run", "--trajectories", "100"] + Self.problem)
        #expect(table.stdout.contains("mean escape steps"))
        let csv = try TestSupport.run(["run", "--trajectories", "100", "--format", "csv", "--output", "\(dir)/s.json",
                                       "--records", "\(dir)/r.csv"] + Self.problem)
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.count == 2 && lines[0].hasPrefix("trajectories,escaped,censored,diverged,mean_escape_steps"))
        let records = try String(contentsOfFile: "\(dir)/r.csv", encoding: .utf8).split(separator: "\n")
        #expect(records.count == 101 && records[0] == "trajectory,outcome,steps,x0")
        #expect(records[1].hasPrefix("0,escaped,"))
        // The mean of the records' escape steps is the summary's.
        let steps = records.dropFirst().map { Double($0.split(separator: ",")[2])! }
        let summary = try JSONParser.parse(try String(contentsOfFile: "\(dir)/s.json", encoding: .utf8))
        #expect(abs(steps.reduce(0, +) / 100 - (summary["mean_escape_steps"]?.doubleValue ?? 0)) < 1e-9)
    }

    @Test func negativeNumbersWorkAsTheyAreTyped() throws {
        let r = try TestSupport.run(["trace", "--landscape", "saddle:dim=2", "--noise", "none", "--start", "-0.5,2",
                                     "--steps", "2", "--lr", "0.1"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.split(separator: "\n")[1] == "0,1.875,-0.5,2.0")
        let e = try TestSupport.run(["run", "--trajectories", "5", "--escape", "x0<=-1.5", "--start", "-1",
                                     "--max-steps", "100000", "--quiet"])
        #expect(e.status == 0, "\(e.stderr)")
    }

    @Test func divergenceIsAnOutcomeNotACrash() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try TestSupport.run(["run", "--landscape", "double-well", "--lr", "0.5", "--noise", "gaussian:sigma=1",
                                     "--start", "-3", "--escape", "none", "--trajectories", "10", "--max-steps", "1000", "--quiet",
                                     "--format", "json", "--records", "\(dir)/r.csv"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try JSONParser.parse(r.stdout)
        #expect(doc["diverged"]?.intValue == 10)
        let rows = try String(contentsOfFile: "\(dir)/r.csv", encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(rows.allSatisfy { $0.contains(",diverged,") && ($0.hasSuffix("inf") || $0.hasSuffix("nan")) })
    }

    @Test func mergeOfShardFilesEqualsTheSingleRun() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let single = try TestSupport.run(["run", "--trajectories", "150", "--threads", "1", "--records", "\(dir)/single.csv",
                                          "--output", "\(dir)/single.json"] + Self.problem)
        #expect(single.status == 0)
        var shards: [String] = []
        for i in 0..<3 {
            let path = "\(dir)/shard\(i).json"
            let r = try TestSupport.run(["run", "--trajectories", "150", "--threads", "2", "--shard", "\(i)/3",
                                         "--output", path] + Self.problem)
            #expect(r.status == 0)
            shards.append(path)
        }
        let m = try TestSupport.run(["merge"] + shards.reversed() + ["--output", "\(dir)/merged.json",
                                                                       "--records", "\(dir)/merged.csv", "--format", "none"])
        #expect(m.status == 0, "\(m.stderr)")
        #expect(try String(contentsOfFile: "\(dir)/merged.csv", encoding: .utf8) == String(contentsOfFile: "\(dir)/single.csv", encoding: .utf8))
        let a = try JSONParser.parse(String(contentsOfFile: "\(dir)/merged.json", encoding: .utf8))
        let b = try JSONParser.parse(String(contentsOfFile: "\(dir)/single.json", encoding: .utf8))
        for key in ["config", "escaped", "mean_escape_steps", "mean_escape_steps_se", "quantiles", "escape_rate_ci95", "km_median_steps", "total_steps"] {
            #expect(a[key] == b[key], "\(key)")
        }
    }

    @Test func theoryJSONGivesMFPTAndKramersInStepsAndTime() throws {
        let r = try TestSupport.run(["theory", "--format", "json", "--landscape", "double-well", "--noise", "gaussian:sigma=6",
                                     "--lr", "0.01", "--escape", "x0>=1"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try JSONParser.parse(r.stdout)
        let time = try #require(doc["mfpt_time"]?.doubleValue), steps = try #require(doc["mfpt_steps"]?.doubleValue)
        #expect(abs(steps * 0.01 - time) < 1e-9 * time)
        let kramers = try #require(doc["kramers_time"]?.doubleValue)
        // T = 0.18: Kramers 2 pi / sqrt(8 * 4) e^(1/0.18).
        #expect(abs(kramers - 2 * Double.pi / 32.0.squareRoot() * exp(1 / 0.18)) < 1e-9 * kramers)
        #expect(time > kramers * 0.9 && time < kramers * 1.3)
    }

    @Test func listNamesEveryBuiltIn() throws {
        let r = try TestSupport.run(["list"])
        for name in ["double-well", "asymmetric-well", "styblinski-tang", "saddle", "quadratic",
                     "sgd", "adam", "adamw", "rmsprop", "adagrad", "adai", "gaussian", "levy", "student-t", "minibatch"] {
            #expect(r.stdout.contains(name), "\(name)")
        }
        let g = try TestSupport.run(["list", "generators"])
        #expect(g.stdout.contains("taus2") && g.stdout.contains("mt19937"))
    }
}
