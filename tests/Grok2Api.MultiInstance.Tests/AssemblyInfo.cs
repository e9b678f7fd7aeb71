// The tests start several gateway processes and a database server each, and time takeovers and
// outages: run them one at a time so they do not compete for the machine's cores.
[assembly: Xunit.v3.Parallelization(Mode = Xunit.Sdk.ParallelMode.None)]
