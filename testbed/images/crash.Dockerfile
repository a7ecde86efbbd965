FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
ENV CRASH_AFTER=1
CMD ["sh", "-c", "sleep $CRASH_AFTER; echo crashing; exit 3"]
