package io.github.bilibiliapi.benchmarks;

import io.github.bilibiliapi.test.FakeBilibiliServer;
import io.github.bilibiliapi.test.live.LiveModule;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The fake bilibili in a JVM of its own, driven over stdin/stdout, so that a scale run's client JVM holds only its own
 * sockets: with the fake in the same JVM every room costs two of the process's open files (client and server end),
 * and the open-file limit, not the library, would decide how many rooms fit.
 *
 * <p>Protocol, one line each way: it prints {@code ready <baseUrl>}; then {@code rooms <first> <count>} adds live rooms
 * {@code first .. first+count-1} (answer {@code ok}); {@code broadcast <rounds>} sends the fixture messages to every
 * authenticated session in protover 0, 2 and 3, {@code rounds} times (answer {@code sent <messages>}); {@code sessions}
 * answers {@code sessions <authenticated>}; {@code quit} or end of input stops it.
 */
public final class FakeProcess {

    private FakeProcess() {
    }

    /**
     * Runs the fake until told to stop.
     *
     * @param args none
     * @throws Exception on an unexpected failure
     */
    public static void main(String[] args) throws Exception {
        try (FakeBilibiliServer server = FakeBilibiliServer.start()) {
            LiveModule live = server.module(LiveModule.class);
            List<String> messages = live.fixtureMessages();
            System.out.println("ready " + server.httpBaseUrl());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                String[] p = line.trim().split(" ");
                switch (p[0]) {
                    case "rooms" -> {
                        long first = Long.parseLong(p[1]);
                        int count = Integer.parseInt(p[2]);
                        for (int i = 0; i < count; i++) {
                            live.addRoom(0, first + i);
                        }
                        System.out.println("ok");
                    }
                    case "broadcast" -> {
                        int rounds = Integer.parseInt(p[1]);
                        long sent = 0;
                        for (int r = 0; r < rounds; r++) {
                            for (LiveModule.Compression c : LiveModule.Compression.values()) {
                                sent += (long) live.broadcastMessages(c, messages) * messages.size();
                            }
                        }
                        System.out.println("sent " + sent);
                    }
                    case "sessions" -> System.out.println("sessions " + live.authenticatedSessions());
                    case "quit" -> {
                        return;
                    }
                    default -> System.out.println("unknown " + p[0]);
                }
                System.out.flush();
            }
        }
    }
}
