package bitbisect.runner.bisect;

/** Which host runs each cell, how many runs a host takes at once ({@code per_host}), how many hosts run at once. */
public record Slots(int[] hostOf, int perHost, int parallelHosts) {
}
