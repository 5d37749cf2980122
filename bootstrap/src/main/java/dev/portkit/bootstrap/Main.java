package dev.portkit.bootstrap;

public final class Main {
    public static void main(String[] args) {}
}
