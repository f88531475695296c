package dev.celestial.db;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.scheduler.Scheduler;

/**
 * A Reactor {@link Scheduler} for coarse timeouts (seconds, 100 ms ticks) on Netty's hashed wheel timer.
 * Every read arms and disarms a stall timeout; on the default parallel scheduler each of those is a
 * locked delayed-queue insert or removal that wakes a worker thread, here a lock-free queue offer
 * that the wheel's one thread takes up on its next tick. Tasks run on that thread, at the earliest on
 * the tick after they are due (so "now" means within 100 ms), and must be short. What a read's timers
 * cost on each is WheelTimerBenchmark's, the {@code micro: wheelTimerRead=…} line of deploy/bench/micro.sh.
 */
@Component
public class WheelTimer implements Scheduler, DisposableBean {

    private final HashedWheelTimer wheel = new HashedWheelTimer(task -> {
        Thread thread = new Thread(task, "celestial-wheel-timer");
        thread.setDaemon(true);
        return thread;
    }, 100, TimeUnit.MILLISECONDS);

    @Override
    public Disposable schedule(Runnable task) {
        return schedule(task, 0, TimeUnit.MILLISECONDS);
    }

    @Override
    public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
        Timeout timeout = wheel.newTimeout(t -> task.run(), delay, unit);
        return new Disposable() {
            @Override
            public void dispose() {
                timeout.cancel();
            }

            @Override
            public boolean isDisposed() {
                return timeout.isCancelled() || timeout.isExpired();
            }
        };
    }

    @Override
    public Worker createWorker() {
        Disposable.Composite tasks = Disposables.composite();
        return new Worker() {
            @Override
            public Disposable schedule(Runnable task) {
                return schedule(task, 0, TimeUnit.MILLISECONDS);
            }

            @Override
            public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
                Disposable.Swap slot = Disposables.swap();
                tasks.add(slot);
                slot.update(WheelTimer.this.schedule(() -> {
                    tasks.remove(slot);
                    task.run();
                }, delay, unit));
                return slot;
            }

            @Override
            public void dispose() {
                tasks.dispose();
            }

            @Override
            public boolean isDisposed() {
                return tasks.isDisposed();
            }
        };
    }

    @Override
    public void dispose() {
        wheel.stop();
    }

    @Override
    public void destroy() {
        dispose();
    }
}
